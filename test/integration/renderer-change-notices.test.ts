/**
 * A screen follows change notices by naming entities of `DATA_ENTITIES`: a misspelt or unknown one
 * must stop the build, not fail silently at run time. Compiled here with the TypeScript API and the
 * renderer's own settings, a probe file placed among the renderer's hooks.
 */
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const rendererConfig = path.join(root, 'src/renderer/tsconfig.json');
const probeDir = path.join(root, 'src/renderer/hooks');
const header = `import { useDataChanged, useLiveQuery } from './use-data-changed';\n`;

/** Probe files, placed among the renderer's hooks without being written: name → source. */
const probes: Record<string, string> = {
  good: `${header}export function Probe({ jobId }: { jobId: string }) {
  useDataChanged(['photos', 'labels'], jobId, ({ entity }) => entity);
  return useLiveQuery('cameras.list', { jobId }, { entities: ['cameras', 'cards'] }).data;
}\n`,
  misspelt: `${header}export function Probe({ jobId }: { jobId: string }) {
  useDataChanged(['photo'], jobId, () => undefined);
  return useLiveQuery('cameras.list', { jobId }, { entities: ['camera'] }).data;
}\n`,
  unknownParam: `${header}export function Probe({ jobId }: { jobId: string }) {
  return useLiveQuery('cameras.list', { jobId, cameraId: 'x' }).data;
}\n`,
};
const fileOf = (name: string) => path.join(probeDir, `__probe-${name}__.ts`);

/** Compiles every probe in one program (the renderer's settings); the errors of each probe. */
function compile(): Record<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    rendererConfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('renderer tsconfig unreadable');
  const sources = new Map(Object.entries(probes).map(([name, source]) => [fileOf(name), source]));
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => sources.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (f) => sources.has(path.resolve(f)) || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const source = sources.get(path.resolve(f));
    return source !== undefined
      ? ts.createSourceFile(f, source, lang, true)
      : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...sources.keys()], { ...config.options, noEmit: true }, host);
  const errors: Record<string, string[]> = {};
  for (const name of Object.keys(probes)) {
    const file = program.getSourceFile(fileOf(name));
    errors[name] = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
      (d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
  }
  return errors;
}

describe('change notices in the renderer', () => {
  let errors: Record<string, string[]> = {};
  beforeAll(() => {
    errors = compile();
  }, 300_000);

  it('compiles a screen that follows entities of the union', () => {
    expect(errors.good).toEqual([]);
  });

  it('refuses to compile an entity outside the union, naming it', () => {
    expect(errors.misspelt).toHaveLength(2);
    expect(errors.misspelt?.[0]).toContain(`'"photo"'`);
    expect(errors.misspelt?.[1]).toContain(`'"camera"'`);
  });

  it('refuses a params key the contract does not declare', () => {
    expect(errors.unknownParam?.join('\n')).toContain('cameraId');
  });
});
