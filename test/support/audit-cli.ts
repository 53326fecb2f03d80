import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { devServerExecutable } from '../../src/embedded/server-binaries';
import type { TestStack } from './api';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'audit.js');

/** The auditor's CLI, as a separate process with no server: its exit code, stdout and stderr. */
export async function auditCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (failure) {
    const e = failure as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

/**
 * A workflow's current run as `temporal workflow show --output json` writes it (the SDK writes the same JSON
 * form where the CLI is missing).
 */
export async function workflowShow(stack: TestStack, workflowId: string): Promise<string> {
  const executable = devServerExecutable();
  if (executable.type !== 'existing-path') {
    return historyToJSON(await stack.temporal.workflow.getHandle(workflowId).fetchHistory());
  }
  const { stdout } = await run(
    executable.path,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', stack.env.TEMPORAL_ADDRESS, '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
