/**
 * The hosted CI workflow (.github/workflows/ci.yml) cannot run on our machines, so `npm test` checks
 * it: against GitHub's own workflow schema with @actions/workflow-parser (the parser behind GitHub's
 * Actions language service, which ships that schema), so a misspelt key or a wrong value fails here
 * rather than on the first push; and for the jobs the README promises it runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/machine';

const FILE = path.join(ROOT, '.github', 'workflows', 'ci.yml');
const text = readFileSync(FILE, 'utf8');

/** Every error GitHub's parser reports: schema (keys, values, expressions), then the workflow model. */
async function workflowErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'ci.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return errors.length > 0 ? errors : ['empty workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

describe('the hosted CI workflow', () => {
  it('is a valid GitHub Actions workflow', async () => {
    expect(await workflowErrors(text)).toEqual([]);
  });

  it('would be refused with a typo in a key, a value or an expression', async () => {
    const errorsWith = async (from: string, to: string) => {
      expect(text).toContain(from);
      return (await workflowErrors(text.replace(from, to))).join('\n');
    };
    expect(await errorsWith('runs-on:', 'run-on:')).toContain("Unexpected value 'run-on'");
    expect(await errorsWith('timeout-minutes: 60', 'timeout-minutes: soon')).toContain(
      "Unexpected value 'soon'",
    );
    expect(await errorsWith("if: runner.os == 'Linux'", "if: runner.os == 'Linux'(")).toContain(
      "Unexpected symbol: '('",
    );
    expect(await errorsWith('uses: actions/checkout@v4', 'usess: actions/checkout@v4')).toContain(
      "Unexpected value 'usess'",
    );
  });

  it('tests on Linux, Windows and macOS, runs Electron under Xvfb and keeps the installers', () => {
    const workflow = parse(text) as {
      jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: Step[] }>;
    };
    const job = workflow.jobs.test!;
    expect(job.strategy.matrix.os.map((os) => os.split('-')[0])).toEqual(['ubuntu', 'windows', 'macos']);
    const runs = job.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/^npm ci$/m);
    expect(runs).toMatch(/^npm test$/m);
    expect(runs).toMatch(/^xvfb-run -a npm run test:electron$/m);
    expect(runs).toMatch(/^npm run dist$/m);
    // `npm run dist` is electron-builder without publishing.
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toMatch(/electron-builder --publish never$/);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toMatch(
      /release\/\*\.exe[\s\S]*release\/\*\.dmg[\s\S]*release\/\*\.AppImage/,
    );
  });
});
