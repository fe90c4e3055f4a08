import { runCli } from './run.ts';

// The `thinshell` process: bin/thinshell runs this (or its bundle, dist/node/cli.mjs).
// Exit through process.exitCode so pending stdout is flushed before the process ends.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  env: process.env,
});
