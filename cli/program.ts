import { Command, CommanderError } from 'commander';
import { VERSION } from '../lib/protocol/version.js';
import { attach } from './command.js';
import { driveCommand } from './commands/drive.js';
import { hostGroupCommand } from './commands/host-group.js';
import { hostCommand } from './commands/host.js';
import { loginCommand } from './commands/login.js';
import { logsCommand } from './commands/logs.js';
import { logoutCommand } from './commands/logout.js';
import { passwdCommand } from './commands/passwd.js';
import { poolCommand } from './commands/pool.js';
import { serverCommand } from './commands/server.js';
import { serversCommand } from './commands/servers.js';
import { settingsCommand } from './commands/settings.js';
import { userCommand } from './commands/user.js';
import { vmGroupCommand } from './commands/vm-group.js';
import { vmCommand } from './commands/vm.js';
import { whoamiCommand } from './commands/whoami.js';

const program = new Command('infinity')
  .description('Infinity: centralized VMs on network-booted Hosts. Run `infinity server` on the server; the other commands talk to it.')
  .version(VERSION)
  .exitOverride();

const commands = [
  serverCommand, loginCommand, logoutCommand, passwdCommand, whoamiCommand,
  vmCommand, vmGroupCommand, hostGroupCommand, hostCommand, userCommand, poolCommand, driveCommand, serversCommand, logsCommand, settingsCommand,
];
for (const spec of commands) attach(program, spec);
pointToHelpAfterErrors(program);

// A reader that goes away (`infinity vm list | head -1`) is no error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`infinity: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

/** A usage error prints the error and the one command that shows the help, not the whole help. */
function pointToHelpAfterErrors(command: Command, path = command.name()): void {
  command.showHelpAfterError(`Run \`${path} --help\` for its usage.`);
  for (const sub of command.commands) pointToHelpAfterErrors(sub, `${path} ${sub.name()}`);
}
