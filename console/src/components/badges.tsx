import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { daysUntil } from '../i18n/format';

// Filled, in shades dark enough for white text at WCAG AA (4.5:1).
const STATUS_COLOURS: Record<string, string> = {
  registered: 'gray.7',
  assigned: 'blue.8',
  in_follow_up: 'teal.9',
  report_under_review: 'grape.8',
  closed: 'dark.6',
};

/** Mantine's orange.9 is 4.2:1 under white text; this brown is 7:1. */
export const DUE_SOON_COLOUR = '#9a3b00';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray.7'} variant="filled" data-status={status} styles={WHOLE}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** A badge shows its whole label, never an ellipsis (its width counts in a table column's). */
const WHOLE = { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } as const;

/** How soon a report is due counts as "due soon". */
export const DUE_SOON_DAYS = 30;

/** Overdue (red) or due soon (orange), else nothing: the register's eye-catchers. */
export function DueBadge({ nextDueOn, overdue }: { nextDueOn?: string; overdue?: boolean }) {
  const { t } = useTranslation();
  if (overdue) {
    // Dark enough on its light background for WCAG AA contrast.
    return (
      <Badge color="red.9" variant="filled" styles={WHOLE}>
        {t('due.overdue')}
      </Badge>
    );
  }
  if (nextDueOn && daysUntil(nextDueOn) <= DUE_SOON_DAYS) {
    return (
      <Badge color={DUE_SOON_COLOUR} variant="filled" styles={WHOLE}>
        {t('due.soon', { count: daysUntil(nextDueOn) })}
      </Badge>
    );
  }
  return null;
}
