import type { Command } from './command.ts';
import { connectCommand } from './connect-command.ts';
import { discoverCommand } from './discover-command.ts';
import { parseLeaseCommand } from './parse-lease-command.ts';
import { parseCommands } from './parse-command.ts';
import { desktopsCommand } from './desktops-command.ts';
import { parseRdpCommand } from './parse-rdp-command.ts';
import { pinCommands } from './pin-command.ts';
import { policyCommands } from './policy-commands.ts';
import { usbCommands } from './usb-commands.ts';

/** Every command of `thinshell`. A new group is a new file whose entries are spread in here. */
export const commands: readonly Command[] = [
  ...policyCommands,
  ...pinCommands,
  connectCommand(),
  discoverCommand,
  parseLeaseCommand,
  ...parseCommands,
  parseRdpCommand,
  desktopsCommand(),
  ...usbCommands,
];
