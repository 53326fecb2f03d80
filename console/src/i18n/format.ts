import { useTranslation } from 'react-i18next';

/** Dates and numbers in the user's language (Intl), whatever the API's ISO forms. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    /** A calendar date (YYYY-MM-DD), shown as that day wherever the browser is. */
    date: (iso: string | undefined) => (iso ? day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '—'),
    dateTime: (iso: string | undefined) => (iso ? moment.format(new Date(iso)) : '—'),
    month: (year: number, monthIndex: number) => month.format(new Date(Date.UTC(year, monthIndex, 1))),
    number: (n: number) => number.format(n),
    percent: (n: number) => percent.format(n),
  };
}

/** Today as YYYY-MM-DD (UTC, as the API counts due dates). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Days from today to a YYYY-MM-DD date (negative: past). */
export function daysUntil(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${todayIso()}T00:00:00Z`)) / 86_400_000);
}
