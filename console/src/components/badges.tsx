import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { daysUntil } from '../i18n/format';

const STATUS_COLOURS: Record<string, string> = {
  registered: 'gray',
  assigned: 'blue',
  in_follow_up: 'teal',
  report_under_review: 'grape',
  closed: 'dark',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status] ?? 'gray'} variant="light" data-status={status}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** How soon a report is due counts as "due soon". */
export const DUE_SOON_DAYS = 30;

/** Overdue (red) or due soon (orange), else nothing: the register's eye-catchers. */
export function DueBadge({ nextDueOn, overdue }: { nextDueOn?: string; overdue?: boolean }) {
  const { t } = useTranslation();
  if (overdue) {
    // Dark enough on its light background for WCAG AA contrast.
    return (
      <Badge color="red.9" variant="filled">
        {t('due.overdue')}
      </Badge>
    );
  }
  if (nextDueOn && daysUntil(nextDueOn) <= DUE_SOON_DAYS) {
    return (
      <Badge color="orange.9" variant="filled">
        {t('due.soon', { count: daysUntil(nextDueOn) })}
      </Badge>
    );
  }
  return null;
}
