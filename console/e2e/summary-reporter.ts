import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** One plain closing line with the counts, for readers of CI logs (as .ci/run prints for jest). */
export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status === 'passed') this.passed += 1;
    else if (result.status !== 'skipped') this.failed += 1;
  }

  onEnd(): void {
    console.log(`console: ${this.passed} passed, ${this.failed} failed`);
  }
}
