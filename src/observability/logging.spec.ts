import { Writable } from 'node:stream';
import { configureLogging, PinoNestLogger, PinoTemporalLogger, requestScope, rootLogger } from './logging';

/** The JSON lines the root logger writes, parsed. */
function capture(LOG_LEVEL = 'log'): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  configureLogging({ LOG_LEVEL, LOG_FORMAT: 'json' }, sink);
  return lines;
}

describe(PinoNestLogger.name, () => {
  const logger = new PinoNestLogger();

  it("takes Nest's calling conventions: a message and its context; an error's message, stack and context", () => {
    const lines = capture();
    logger.log('API on http://127.0.0.1:3000', 'Bootstrap');
    logger.error('worker stopped', 'Error: boom\n    at run (worker.ts:1:1)', 'MandateWorkerService');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'API on http://127.0.0.1:3000', context: 'Bootstrap' }),
      expect.objectContaining({
        level: 'error',
        msg: 'worker stopped',
        context: 'MandateWorkerService',
        stack: 'Error: boom\n    at run (worker.ts:1:1)',
      }),
    ]);
    expect(typeof lines[0].time).toBe('string');
  });

  it('spreads an object message into fields and serialises an Error', () => {
    const lines = capture();
    logger.warn({ mandateId: 'ag-res-1-p1', attempts: 3 }, 'Notifications');
    logger.error(new TypeError('no such channel'));
    expect(lines[0]).toMatchObject({ level: 'warn', mandateId: 'ag-res-1-p1', attempts: 3, context: 'Notifications' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'no such channel', err: { type: 'TypeError' } });
  });

  it("writes a request's lines with its request id", () => {
    const lines = capture();
    const scoped = rootLogger().child({ requestId: 'req-42' });
    requestScope.run({ requestId: 'req-42', logger: scoped }, () => logger.log('inside', 'MandatesService'));
    logger.log('outside', 'MandatesService');
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'req-42' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it("keeps LOG_LEVEL's names: warn drops log and debug lines", () => {
    const lines = capture('warn');
    logger.log('dropped');
    logger.debug('dropped');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });
});

describe(PinoTemporalLogger.name, () => {
  it("turns the SDK's attributes into fields and its error into err", () => {
    const lines = capture();
    const logger = new PinoTemporalLogger();
    logger.info('command assign applied', { workflowId: 'mandate:x', requestId: 'req-7' });
    logger.warn('Activity failed', { activityType: 'projectMandate', error: new Error('PostgreSQL away') });
    expect(lines[0]).toMatchObject({
      level: 'info',
      context: 'Temporal',
      msg: 'command assign applied',
      workflowId: 'mandate:x',
      requestId: 'req-7',
    });
    expect(lines[1]).toMatchObject({
      level: 'warn',
      activityType: 'projectMandate',
      err: { message: 'PostgreSQL away' },
    });
  });
});
