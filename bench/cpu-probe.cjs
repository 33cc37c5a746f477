// Preloaded (`node --require`) into a process a bench times: writes the CPU time the process used
// (user + system, ms) to the file named by BENCH_CPU_FILE when it exits.
const fs = require('fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  if (process.env.BENCH_CPU_FILE)
    fs.writeFileSync(process.env.BENCH_CPU_FILE, String((user + system) / 1000));
});
