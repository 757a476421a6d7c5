/**
 * `preau`: the command line over the same core as the app, for headless work and scripting.
 * Messages are in French; exit code 0 on success, 1 when the work failed, 2 on a usage error.
 * Each command lives in commands/<name>.command.ts.
 */
import { Command, CommanderError } from 'commander';
import { RpcCallError } from '../../shared/rpc/client';
import { APP_VERSION } from '../core/version';
import { isAppError } from '../lib/errors';
import { CliExit, CliFailure } from './cli-context';
import { registerCardsCommand } from './commands/cards.command';
import { registerFormsCommand } from './commands/forms.command';
import { registerIngestCommand } from './commands/ingest.command';
import { registerJobCommand } from './commands/job.command';
import { registerOrdersCommand } from './commands/orders.command';
import { registerPlatformCommand } from './commands/platform.command';
import { registerProductionCommand } from './commands/production.command';
import { registerPublishCommand } from './commands/publish.command';
import { registerRosterCommand } from './commands/roster.command';
import { registerServeCommand } from './commands/serve.command';
import { registerStudentCommand } from './commands/student.command';
import { registerVerifyCommand } from './commands/verify.command';

export function buildProgram(): Command {
  const program = new Command('preau')
    .description('Préau Studio en ligne de commande : reportages scolaires, sans interface.')
    .version(APP_VERSION, '-v, --version', 'affiche la version')
    .helpOption('-h, --help', 'affiche l’aide')
    .addHelpCommand('help [commande]', 'affiche l’aide d’une commande')
    .option('--data <dossier>', 'dossier de données du studio (par défaut celui de l’application)')
    .option('--library <dossier>', 'dossier où créer les nouveaux reportages')
    .showHelpAfterError('(lancez « preau --help » pour l’aide)')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(frenchUsageError(s)),
    });

  registerServeCommand(program);
  registerJobCommand(program);
  registerRosterCommand(program);
  registerIngestCommand(program);
  registerVerifyCommand(program);
  registerPlatformCommand(program);
  registerFormsCommand(program);
  registerCardsCommand(program);
  registerOrdersCommand(program);
  registerStudentCommand(program);
  registerPublishCommand(program);
  registerProductionCommand(program);
  return program;
}

/** Commander's own usage errors, in French. */
const USAGE_ERRORS: [RegExp, string][] = [
  [/^error: required option '(.+)' not specified/, 'Erreur : l’option obligatoire « $1 » manque.'],
  [/^error: missing required argument '(.+)'/, 'Erreur : l’argument obligatoire « $1 » manque.'],
  [/^error: unknown command '(.+)'/, 'Erreur : commande inconnue « $1 ».'],
  [/^error: unknown option '(.+)'/, 'Erreur : option inconnue « $1 ».'],
  [/^error: option '(.+)' argument missing/, 'Erreur : l’option « $1 » attend une valeur.'],
  [/^error: too many arguments/, 'Erreur : trop d’arguments.'],
];

export function frenchUsageError(message: string): string {
  for (const [pattern, french] of USAGE_ERRORS)
    if (pattern.test(message)) return `${message.replace(pattern, french).trim()}\n`;
  return message;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      if (error.code === 'preau.usage') process.stderr.write(`Erreur : ${error.message}\n`);
      return 2;
    }
    if (error instanceof RpcCallError || error instanceof CliFailure || isAppError(error)) {
      process.stderr.write(`Erreur : ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Erreur inattendue : ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
