import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { DueBadge } from './badges';
import { CommandForm, type FieldSpec } from './command-form';

function wrap(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>,
  );
}

const FIELDS: FieldSpec[] = [
  { name: 'summary', kind: 'textarea', required: true },
  { name: 'date', kind: 'date', required: true },
];

function followUpForm(send: () => Promise<unknown>) {
  return wrap(<CommandForm id="followUp" fields={FIELDS} submitLabel="Record" send={send} invalidates={[]} />);
}

describe(CommandForm.name, () => {
  it("shows the API's words for a refused field beside that field, and marks it invalid", async () => {
    followUpForm(() =>
      Promise.reject(
        new ApiError(400, {
          message: 'invalid date',
          fields: [{ field: 'date', errors: ['date must be a date in the form YYYY-MM-DD'] }],
        }),
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    const date = await screen.findByLabelText(/^Date/);
    await waitFor(() => expect(date.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(date.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(described?.textContent).toBe('date must be a date in the form YYYY-MM-DD');
    expect(screen.getByLabelText(/^Summary/).getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('Some fields need correcting');
  });

  it('explains a refused lifecycle rule (409) in words', async () => {
    followUpForm(() => Promise.reject(new ApiError(409, { message: 'mandate-closed', rule: 'mandate-closed' })));
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not possible in the mandate’s current state');
    expect(alert.textContent).toContain('The mandate is closed: it takes no further action.');
  });

  it("names the permission a 403 asks for, in the API's words", async () => {
    const message = 'this needs the permission mandate:close, held by secretariat';
    followUpForm(() => Promise.reject(new ApiError(403, { message, permission: 'mandate:close' })));
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    expect((await screen.findByRole('alert')).textContent).toContain(message);
  });

  it('sends only the fields filled in, and empties the form after a success', async () => {
    const sent: Record<string, string>[] = [];
    wrap(
      <CommandForm
        id="followUp"
        fields={FIELDS}
        submitLabel="Record"
        send={(values) => {
          sent.push(values);
          return Promise.resolve({});
        }}
        invalidates={[]}
      />,
    );
    fireEvent.change(screen.getByLabelText(/^Summary/), { target: { value: 'Met the Committee.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(sent).toEqual([{ summary: 'Met the Committee.' }]));
    await waitFor(() => expect(screen.getByLabelText<HTMLTextAreaElement>(/^Summary/).value).toBe(''));
  });
});

describe(DueBadge.name, () => {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('marks an overdue report, whatever its date', () => {
    wrap(<DueBadge nextDueOn={inDays(-3)} overdue />);
    expect(screen.getByText('Overdue')).toBeTruthy();
  });

  it('counts the days to a report due within 30, and says nothing of a later one', () => {
    wrap(<DueBadge nextDueOn={inDays(1)} overdue={false} />);
    expect(screen.getByText('Due in 1 day')).toBeTruthy();
    cleanupAndRender(<DueBadge nextDueOn={inDays(30)} overdue={false} />);
    expect(screen.getByText('Due in 30 days')).toBeTruthy();
    cleanupAndRender(<DueBadge nextDueOn={inDays(31)} overdue={false} />);
    expect(screen.queryByText(/Due in/)).toBeNull();
  });

  function cleanupAndRender(node: ReactNode) {
    document.body.innerHTML = '';
    wrap(node);
  }
});
