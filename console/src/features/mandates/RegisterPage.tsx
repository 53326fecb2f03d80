import { Anchor, Button, Checkbox, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, API_BASE, data } from '../../api/client';
import { DueBadge, DUE_SOON_DAYS, StatusBadge } from '../../components/badges';
import { RefusalAlert } from '../../components/command-form';
import { useFormat } from '../../i18n/format';
import { useSession } from '../../session/session';
import { MANDATE_STATUSES, RESOLUTION_BODIES, SORTS } from './vocabulary';
import { RegisterMandateForm } from './RegisterMandateForm';

/** The filters a view of the register keeps in its address (so that a view can be shared, and exported). */
const FILTERS = ['q', 'status', 'body', 'dependencyId', 'officer', 'overdue', 'dueWithin', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function filtersOf(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])));
}

const PAGE_SIZE = 20;

export function RegisterPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  // Cursor pages: the cursors of the pages seen so far, to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length;
  const [registering, registerModal] = useDisclosure(false);
  const navigate = useNavigate();

  const list = useQuery({
    queryKey: ['mandates', filters, cursors[page - 1]],
    queryFn: () =>
      data(
        api.GET('/mandates', {
          params: {
            query: {
              ...filters,
              overdue: filters.overdue === 'true' ? true : undefined,
              dueWithin: filters.dueWithin ? Number(filters.dueWithin) : undefined,
              limit: PAGE_SIZE,
              cursor: cursors[page - 1],
            } as never,
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const [total, setTotal] = useState<{ total: number; exact: boolean }>();
  if (list.data?.total !== undefined && list.data.total !== total?.total) {
    setTotal({ total: list.data.total, exact: list.data.totalExact ?? true });
  }

  const setFilter = (name: keyof Filters, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    setCursors([undefined]);
  };
  const exportQuery = new URLSearchParams(filters);
  exportQuery.delete('sort');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('register.title')}</Title>
        <Group>
          <Button
            component="a"
            variant="default"
            href={`${API_BASE}/exports/mandates.csv?${exportQuery.toString()}`}
            download
          >
            {t('register.exportCsv')}
          </Button>
          {can('mandate:register') && <Button onClick={registerModal.open}>{t('register.new')}</Button>}
        </Group>
      </Group>
      <SearchBox value={filters.q ?? ''} onSearch={(q) => setFilter('q', q)} />
      <Group align="end" gap="sm">
        <Select
          label={t('fields.status')}
          data={MANDATE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => setFilter('status', v ?? undefined)}
          clearable
          w={190}
        />
        <Select
          label={t('fields.body')}
          data={RESOLUTION_BODIES.map((b) => ({ value: b, label: t(`body.${b}`) }))}
          value={filters.body ?? null}
          onChange={(v) => setFilter('body', v ?? undefined)}
          clearable
          w={190}
        />
        <TextInput
          label={t('fields.dependencyId')}
          defaultValue={filters.dependencyId ?? ''}
          onBlur={(e) => setFilter('dependencyId', e.currentTarget.value.trim() || undefined)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter('dependencyId', e.currentTarget.value.trim() || undefined)}
          w={120}
        />
        <TextInput
          label={t('fields.officer')}
          defaultValue={filters.officer ?? ''}
          onBlur={(e) => setFilter('officer', e.currentTarget.value.trim() || undefined)}
          onKeyDown={(e) => e.key === 'Enter' && setFilter('officer', e.currentTarget.value.trim() || undefined)}
          w={160}
        />
        <Select
          label={t('register.sort')}
          data={SORTS.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
          value={filters.sort ?? null}
          onChange={(v) => setFilter('sort', v ?? undefined)}
          clearable
          w={200}
        />
        <Stack gap={6} pb={4}>
          <Checkbox
            label={t('due.overdueOnly')}
            checked={filters.overdue === 'true'}
            onChange={(e) => setFilter('overdue', e.currentTarget.checked ? 'true' : undefined)}
          />
          <Checkbox
            label={t('due.soonOnly', { count: DUE_SOON_DAYS })}
            checked={filters.dueWithin === String(DUE_SOON_DAYS)}
            onChange={(e) => setFilter('dueWithin', e.currentTarget.checked ? String(DUE_SOON_DAYS) : undefined)}
          />
        </Stack>
      </Group>
      <RefusalAlert error={list.error} />
      <MandateTable items={list.data?.items ?? []} loading={list.isPending} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="register-total">
          {total ? t(total.exact ? 'register.total' : 'register.totalAbout', { count: total.total }) : ''}
        </Text>
        <Group gap="xs">
          <Button variant="default" size="xs" disabled={page === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('register.previous')}
          </Button>
          <Text size="sm" aria-live="polite">
            {t('register.page', { page })}
          </Text>
          <Button
            variant="default"
            size="xs"
            disabled={!list.data?.nextCursor}
            onClick={() => setCursors((c) => [...c, list.data?.nextCursor])}
          >
            {t('register.next')}
          </Button>
        </Group>
      </Group>
      <Modal opened={registering} onClose={registerModal.close} title={t('register.new')} size="lg">
        <RegisterMandateForm onDone={(id) => void navigate(`/mandates/${id}`)} />
      </Modal>
    </Stack>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim() || undefined);
  };
  return (
    <form onSubmit={submit} role="search">
      <Group align="end">
        <TextInput
          label={t('register.search')}
          description={t('register.searchHint')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button type="submit">{t('register.searchButton')}</Button>
      </Group>
    </form>
  );
}

export interface MandateRow {
  id: string;
  status: string;
  resolutionSymbol: string;
  paragraphReference?: string;
  paragraph?: string;
  title?: string;
  dependency?: string;
  dependencyId?: string;
  officer?: string;
  nextDueOn?: string;
  overdue: boolean;
}

/** Badges and dates stay whole; titles wrap instead. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

export function MandateTable({ items, loading }: { items: MandateRow[]; loading: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!loading && items.length === 0) return <Text>{t('register.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped highlightOnHover aria-label={t('register.title')} data-testid="mandate-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.resolutionSymbol')}</Table.Th>
            <Table.Th>{t('fields.title')}</Table.Th>
            <Table.Th>{t('fields.status')}</Table.Th>
            <Table.Th>{t('fields.dependency')}</Table.Th>
            <Table.Th>{t('fields.nextDueOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id} data-mandate={m.id}>
              <Table.Td>
                <Anchor component={Link} to={`/mandates/${encodeURIComponent(m.id)}`}>
                  {m.resolutionSymbol} {m.paragraphReference ?? (m.paragraph ? `§ ${m.paragraph}` : '')}
                </Anchor>
              </Table.Td>
              <Table.Td>{m.title ?? '—'}</Table.Td>
              <Table.Td style={NO_WRAP}>
                <StatusBadge status={m.status} />
              </Table.Td>
              <Table.Td>
                {m.dependencyId ?? m.dependency ?? '—'}
                {m.officer ? ` · ${m.officer}` : ''}
              </Table.Td>
              <Table.Td style={NO_WRAP}>
                <Group gap="xs" wrap="nowrap">
                  <span>{format.date(m.nextDueOn)}</span>
                  <DueBadge nextDueOn={m.nextDueOn} overdue={m.overdue} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
