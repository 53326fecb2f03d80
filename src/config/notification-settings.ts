import type { NotificationPolicy, RecipientRole } from '../../workflows/mandate/deadlines';
import type { AppConfig } from './app-config';

/** The reminder and escalation policy new mandates get. */
export function notificationPolicyFrom(config: AppConfig): NotificationPolicy {
  return {
    reminderDaysBefore: config.REMINDER_DAYS_BEFORE.split(',').map(Number),
    escalation: config.ESCALATION_LADDER.split(',').map((step) => {
      const [days, to] = step.split(':');
      return { daysAfter: Number(days), to: to as RecipientRole };
    }),
    timeUtc: config.NOTIFICATION_TIME_UTC,
  };
}

/** Dependency name → its head's address (DEPENDENCY_HEADS, a JSON object validated at boot). */
export function dependencyHeadsFrom(config: AppConfig): Record<string, string> {
  if (!config.DEPENDENCY_HEADS) return {};
  const heads = JSON.parse(config.DEPENDENCY_HEADS) as unknown;
  if (typeof heads !== 'object' || heads === null || Array.isArray(heads)) {
    throw new Error('DEPENDENCY_HEADS must be a JSON object');
  }
  return Object.fromEntries(Object.entries(heads).map(([k, v]) => [k, String(v)]));
}
