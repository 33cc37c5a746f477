// Runs under the Windows node.exe: starts dist/server.js --stdio with real Windows pipes, as
// VS Code on Windows does, and forwards its bytes over TCP to a test client on 127.0.0.1.
// Only 'data' handlers: .pipe() and console would touch this process's own stdio, which under
// Wine is a file at best. Usage: node.exe relay.js <port> <server.js> <log file>
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

const [port, serverJs, logFile] = process.argv.slice(2);
const log = (m: string | Buffer) => fs.appendFileSync(logFile, m);
const socket = net.connect(Number(port), '127.0.0.1');
socket.on('connect', () => {
  const server = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  socket.on('data', (d) => server.stdin.write(d));
  server.stdout.on('data', (d) => socket.write(d));
  server.stderr.on('data', (d) => log(d));
  server.on('exit', (code) => {
    log(`server exited with ${code}\n`);
    socket.end();
    process.exit(code ?? 1);
  });
  socket.on('close', () => server.kill());
});
socket.on('error', (e) => {
  log(`relay: ${e.message}\n`);
  process.exit(1);
});
