// Preloaded (`node --import`) into a process a bench times: writes the CPU time the process used
// (user + system, ms) to the file named by BENCH_CPU_FILE when it exits.
import fs from 'fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  if (process.env.BENCH_CPU_FILE)
    fs.writeFileSync(process.env.BENCH_CPU_FILE, String((user + system) / 1000));
});
