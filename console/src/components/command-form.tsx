import { Alert, Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export interface FieldSpec {
  name: string;
  kind: 'text' | 'textarea' | 'date' | 'select' | 'url' | 'email';
  required?: boolean;
  options?: string[];
  /** The i18n prefix of the options' labels (`followUpKind` → followUpKind.meeting). */
  optionLabels?: string;
  initial?: string;
}

/** Why the API refused a command, in words: a rule (409), a permission (403), or its own message. */
export function RefusalAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError) {
    if (error.status === 400 && error.body.fields?.length) {
      return (
        <Alert color="red" title={t('errors.invalidTitle')} role="alert">
          {t('errors.invalid')}
        </Alert>
      );
    }
    const title =
      error.status === 409
        ? t('errors.ruleTitle')
        : error.status === 403
          ? t('errors.forbiddenTitle')
          : t('errors.title');
    const explanation = error.body.rule ? t(`rules.${error.body.rule}`, { defaultValue: '' }) : '';
    return (
      <Alert color="red" title={title} role="alert" data-rule={error.body.rule}>
        {explanation || error.message}
        {explanation && error.message && explanation !== error.message ? ` (${error.message})` : ''}
      </Alert>
    );
  }
  return (
    <Alert color="red" title={t('errors.title')} role="alert">
      {error instanceof Error ? error.message : t('errors.title')}
    </Alert>
  );
}

/**
 * One command as a form: the fields, the API's validation errors beside each (400), a refused rule explained
 * above the button (409). The values go as they are: the API checks them.
 */
export function CommandForm({
  id,
  fields,
  submitLabel,
  send,
  onDone,
  invalidates,
}: {
  id: string;
  fields: FieldSpec[];
  submitLabel: string;
  send: (values: Record<string, string>) => Promise<unknown>;
  onDone?: (result: unknown) => void;
  invalidates: unknown[][];
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const initial = Object.fromEntries(fields.map((f) => [f.name, f.initial ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const mutation = useMutation({
    mutationFn: () => send(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''))),
    onSuccess: async (result) => {
      setValues(initial);
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
      onDone?.(result);
    },
  });
  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={submitLabel} data-form={id} noValidate>
      <Stack gap="sm">
        {fields.map((field) => {
          const common = {
            label: t(`fields.${field.name}`),
            name: field.name,
            required: field.required,
            error: apiError?.fieldError(field.name),
          };
          const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
          switch (field.kind) {
            case 'textarea':
              return (
                <Textarea
                  key={field.name}
                  {...common}
                  autosize
                  minRows={2}
                  value={values[field.name]}
                  onChange={(e) => set(e.currentTarget.value)}
                />
              );
            case 'select':
              return (
                <Select
                  key={field.name}
                  {...common}
                  data={(field.options ?? []).map((o) => ({
                    value: o,
                    label: field.optionLabels ? t(`${field.optionLabels}.${o}`, { defaultValue: o }) : o,
                  }))}
                  value={values[field.name] || null}
                  onChange={(v) => set(v ?? '')}
                  allowDeselect={!field.required}
                />
              );
            case 'text':
            case 'date':
            case 'url':
            case 'email':
              return (
                <TextInput
                  key={field.name}
                  {...common}
                  type={field.kind === 'text' ? 'text' : field.kind}
                  value={values[field.name]}
                  onChange={(e) => set(e.currentTarget.value)}
                />
              );
          }
        })}
        <RefusalAlert error={mutation.error} />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
