/**
 * The drill's plan, drawn from its seed before anything runs: each mandate's registration and commands (with the
 * answer the lifecycle rules give each one), and the faults. The same seed gives the same plan; only the
 * machine's timing differs between two runs of it.
 */
import { toRegistration } from '../../src/mandates/mandates.service';
import type { RegisterMandateDto } from '../../src/mandates/dto/register-mandate.dto';
import { DEFAULT_NOTIFICATION_POLICY } from '../../workflows/mandate/deadlines';
import {
  CLOSURE_OUTCOMES,
  decide,
  evolve,
  FOLLOW_UP_KINDS,
  initialState,
  InvalidMandateCommand,
  type MandateCommand,
  type MandateState,
  MandateRuleViolation,
} from '../../workflows/mandate/lifecycle';
import { PEOPLE } from '../support/identity-provider';
import { aRegistration } from '../support/requests';

/** mulberry32: a small, well-mixed 32-bit PRNG; enough to draw a plan from a seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type CommandKind =
  | 'assign'
  | 'reassign'
  | 'follow-up'
  | 'report'
  | 'review-accepted'
  | 'review-returned'
  | 'schedule'
  | 'extension'
  | 'close';

export const COMMAND_KINDS: readonly CommandKind[] = [
  'assign',
  'reassign',
  'follow-up',
  'report',
  'review-accepted',
  'review-returned',
  'schedule',
  'extension',
  'close',
];

export interface PlannedCommand {
  kind: CommandKind;
  /** Under /mandates/:id/. */
  path: string;
  body: Record<string, unknown>;
  /** Who sends it: the secretariat, or the officer of the mandate's dependency (a person of the dev directory). */
  as: string;
  /**
   * What the lifecycle rules answer it with, in the mandate's state when it is sent: 200, or 409 naming a rule; an
   * officer's command on a mandate outside their dependency (not assigned yet) is a 404.
   */
  expect: { status: 200 } | { status: 409 | 400; rule: string } | { status: 404 };
  /** Pause before sending it, as a user between two commands. */
  thinkMs: number;
}

export interface PlannedMandate {
  registration: RegisterMandateDto;
  commands: PlannedCommand[];
  /** The status the commands leave it in. */
  finalStatus: string;
}

export type FaultKind =
  /** Holds the mandate's read-model row for `holdMs`: its projections wait. */
  | 'row-lock'
  /** SIGSTOP a worker beyond the sticky queue's schedule-to-start timeout, then SIGCONT. */
  | 'stall'
  /** kill -9 a worker, restart it after `holdMs`. */
  | 'crash'
  /** repro-nde.sh: row lock, kill -9 the worker holding the mandate's sticky queue, query, release, restart. */
  | 'crash-sticky-during-projection'
  | 'client-query'
  | 'api-query';

/** How often each fault is drawn: the combination that broke mandates most, the others for breadth. */
const FAULT_WEIGHTS: [FaultKind, number][] = [
  ['crash-sticky-during-projection', 3],
  ['row-lock', 2],
  ['stall', 1],
  ['crash', 1],
  ['client-query', 1],
  ['api-query', 1],
];
export const FAULT_KINDS: readonly FaultKind[] = FAULT_WEIGHTS.flatMap(([kind, weight]) =>
  Array<FaultKind>(weight).fill(kind),
);

export interface PlannedFault {
  kind: FaultKind;
  /** Pause before it, after the previous fault. */
  afterMs: number;
  /** Which of the mandates still taking commands it hits (modulo their number). */
  mandate: number;
  worker: number;
  holdMs: number;
}

export interface DrillPlan {
  seed: number;
  mandates: PlannedMandate[];
  faults: PlannedFault[];
}

export interface PlanOptions {
  seed: number;
  /** Commands in all, spread over the mandates. */
  steps: number;
  mandates: number;
  /** Faults in all; the drill stops injecting them when the commands are done. */
  faults: number;
  /** The day the drill runs (due dates fall on it so that reminders and escalations fire during the drill). */
  now: Date;
}

const OFFICERS = ['maria.gonzalez', 'juan.perez', 'ana.silva', 'luis.rojas'];
const DEPENDENCIES = ['Department of Public Security', 'Inter-American Drug Abuse Control Commission'];
/** Each dependency's identifier, and its officer in the development directory, who records and reports. */
const DEPENDENCY_IDS: Record<string, string> = { [DEPENDENCIES[0]]: 'DPS', [DEPENDENCIES[1]]: 'CICAD' };
const OFFICER_OF: Record<string, string> = { DPS: PEOPLE.officer, CICAD: PEOPLE.otherOfficer };
const OFFICERS_COMMANDS: readonly CommandKind[] = ['follow-up', 'report'];

const day = (now: Date, offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

function candidates(rng: Rng, state: MandateState, now: Date): Record<CommandKind, [PlannedCommand, MandateCommand]> {
  const officer = rng.pick(OFFICERS);
  const dependency = rng.pick(DEPENDENCIES);
  const dependencyId = DEPENDENCY_IDS[dependency];
  const current = state.status === 'unregistered' ? undefined : state.reports.find((r) => r.status === 'under_review');
  const latest = state.status === 'unregistered' ? undefined : state.reports[state.reports.length - 1];
  // A wrong report id half the time no report is under review, so reviews are refused for both reasons.
  const reportId = current?.reportId ?? latest?.reportId ?? 'R1';
  const dueOn = day(now, rng.pick([0, 0, 1, 30]));
  const newDueOn = day(now, rng.int(2, 90));
  const outcome = rng.pick(CLOSURE_OUTCOMES.filter((o) => o !== 'superseded'));
  const followUp = {
    kind: rng.pick(FOLLOW_UP_KINDS),
    summary: `Drill action ${rng.int(1, 1_000_000)}`,
    date: day(now, -rng.int(0, 300)),
  };
  const report = {
    periodFrom: day(now, -365),
    periodTo: day(now, -1),
    summary: 'Drill progress report',
    documentUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00002.docx',
  };
  const reason = 'Drill';
  const entry = (kind: CommandKind, path: string, body: Record<string, unknown>, command: MandateCommand) =>
    [{ kind, path, body, as: PEOPLE.secretariat, expect: { status: 200 }, thinkMs: 0 }, command] as [
      PlannedCommand,
      MandateCommand,
    ];
  return {
    assign: entry(
      'assign',
      'assignment',
      { dependency, dependencyId, officer },
      { type: 'AssignMandate', assignee: { dependency, dependencyId, officer } },
    ),
    reassign: entry(
      'reassign',
      'reassignment',
      { dependency, dependencyId, officer, reason },
      { type: 'ReassignMandate', assignee: { dependency, dependencyId, officer }, reason },
    ),
    'follow-up': entry('follow-up', 'follow-ups', followUp, { type: 'RecordFollowUp', ...followUp }),
    report: entry('report', 'progress-reports', report, { type: 'SubmitProgressReport', ...report }),
    'review-accepted': entry(
      'review-accepted',
      `progress-reports/${reportId}/review`,
      { decision: 'accepted' },
      { type: 'ReviewProgressReport', reportId, decision: 'accepted' },
    ),
    'review-returned': entry(
      'review-returned',
      `progress-reports/${reportId}/review`,
      { decision: 'returned', comments: 'Please add the figures' },
      { type: 'ReviewProgressReport', reportId, decision: 'returned', comments: 'Please add the figures' },
    ),
    schedule: entry(
      'schedule',
      'reporting-schedule',
      { schedule: { kind: 'once', dueOn }, reason },
      { type: 'SetReportingSchedule', schedule: { kind: 'once', dueOn }, reason },
    ),
    extension: entry(
      'extension',
      'deadline-extension',
      { newDueOn, reason },
      { type: 'ExtendDeadline', newDueOn, reason },
    ),
    close: entry('close', 'closure', { outcome, reason }, { type: 'CloseMandate', outcome, reason }),
  };
}

/** Runs the rules on the planned command: the answer the API must give, and the state after it. */
function judge(state: MandateState, command: MandateCommand, now: Date): [PlannedCommand['expect'], MandateState] {
  try {
    return [{ status: 200 }, decide(state, command, now).reduce(evolve, state)];
  } catch (err) {
    if (err instanceof MandateRuleViolation) return [{ status: 409, rule: err.rule }, state];
    if (err instanceof InvalidMandateCommand) return [{ status: 400, rule: err.field }, state];
    throw err;
  }
}

function planMandate(rng: Rng, steps: number, now: Date): PlannedMandate {
  const registration = aRegistration(
    rng.chance(0.5) ? { reportingSchedule: { kind: 'once', dueOn: day(now, rng.pick([0, 1])) } } : {},
  ) as unknown as RegisterMandateDto;
  let [, state] = judge(
    initialState,
    {
      type: 'RegisterMandate',
      registration: toRegistration(registration),
      notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
    },
    now,
  );
  const commands: PlannedCommand[] = [];
  for (let i = 0; i < steps; i++) {
    const options = candidates(rng, state, now);
    const judged = COMMAND_KINDS.map((kind) => {
      const [planned, command] = options[kind];
      if (OFFICERS_COMMANDS.includes(kind)) {
        // The officer of the mandate's dependency; before any assignment, the DPS's, to whom it is a 404.
        const dependencyId = state.status === 'unregistered' ? undefined : state.assignee?.dependencyId;
        const officer = OFFICER_OF[dependencyId ?? 'DPS'];
        if (dependencyId === undefined) {
          const expect: PlannedCommand['expect'] = { status: 404 };
          return { planned: { ...planned, as: officer, expect }, next: state };
        }
        planned.as = officer;
      }
      const [expect, next] = judge(state, command, now);
      return { planned: { ...planned, expect }, next };
    });
    // Closing ends a mandate's story: keep it for the last commands, and rare.
    const allowed = judged.filter((j) => j.planned.kind !== 'close' || (i >= steps - 2 && rng.chance(0.5)));
    const applied = allowed.filter((j) => j.planned.expect.status === 200);
    const refused = allowed.filter((j) => j.planned.expect.status !== 200);
    const pool = applied.length > 0 && (refused.length === 0 || !rng.chance(0.2)) ? applied : refused;
    const chosen = rng.pick(pool);
    commands.push({ ...chosen.planned, thinkMs: rng.int(500, 3500) });
    state = chosen.next;
  }
  return { registration, commands, finalStatus: state.status };
}

export function drawPlan(options: PlanOptions): DrillPlan {
  const rng = new Rng(options.seed);
  const mandates = Array.from({ length: options.mandates }, (_, i) =>
    planMandate(
      rng,
      Math.floor(options.steps / options.mandates) + (i < options.steps % options.mandates ? 1 : 0),
      options.now,
    ),
  );
  const faults = Array.from({ length: options.faults }, (): PlannedFault => {
    const kind = rng.pick(FAULT_KINDS);
    return {
      kind,
      afterMs: rng.int(300, 3000),
      mandate: rng.int(0, options.mandates - 1),
      worker: rng.int(0, 1),
      holdMs:
        kind === 'stall' ? rng.int(11_000, 14_000) : kind === 'row-lock' ? rng.int(1_000, 8_000) : rng.int(0, 3_000),
    };
  });
  return { seed: options.seed, mandates, faults };
}
