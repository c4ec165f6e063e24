import { InvalidArgumentError, type Command } from 'commander';

/**
 * The shape every `cli/commands/<name>.ts` exports: its name, the options it takes (whose
 * descriptions are the help text, so help and parsing cannot drift apart) and `run`.
 * Nested commands (`infinity vm list`) are given as `subcommands`.
 */
export interface CliOption {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
  required?: boolean;
  /** Turns the text into the value `run` receives; for a repeatable option it also gets the value so far. Throw to reject it. */
  parse?: (value: string, previous: any) => unknown;
}

export interface CliCommand {
  name: string;
  description: string;
  /** Positional arguments, commander syntax: '<vm>' or '[name]'. */
  args?: { syntax: string; description: string }[];
  options?: CliOption[];
  run?: (args: string[], options: Record<string, unknown>) => Promise<void>;
  subcommands?: CliCommand[];
}

export function attach(parent: Command, spec: CliCommand): Command {
  const command = parent.command(spec.name).description(spec.description);
  for (const arg of spec.args ?? []) command.argument(arg.syntax, arg.description);
  for (const option of spec.options ?? []) {
    const parse = option.parse ? argumentParser(option.parse) : undefined;
    if (parse && option.required) command.requiredOption(option.flags, option.description, parse, option.defaultValue);
    else if (parse) command.option(option.flags, option.description, parse, option.defaultValue);
    else if (option.required) command.requiredOption(option.flags, option.description, option.defaultValue as string | undefined);
    else command.option(option.flags, option.description, option.defaultValue as string | boolean | undefined);
  }
  for (const sub of spec.subcommands ?? []) attach(command, sub);
  const run = spec.run;
  if (run) {
    command.action(async (...received: unknown[]) => {
      const cmd = received.at(-1) as Command;
      // A variadic argument (`<id...>`) arrives as an array: its values join the positional list.
      const positional = received
        .slice(0, spec.args?.length ?? 0)
        .flatMap((v) => (Array.isArray(v) ? v.map(String) : [v === undefined ? undefined : String(v)])) as string[];
      await run(positional, cmd.opts());
    });
  }
  return command;
}

/** Commander reports an InvalidArgumentError as a usage error naming the option. */
function argumentParser(parse: (value: string, previous: any) => unknown) {
  return (value: string, previous: unknown) => {
    try {
      return parse(value, previous);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}
