import { useTranslation } from 'react-i18next';
import { api, data, idempotencyKey, type Mandate } from '../../api/client';
import { CommandForm } from '../../components/command-form';
import { RESOLUTION_BODIES } from './vocabulary';

/** The secretariat registers one resolution paragraph (the Import page takes many). */
export function RegisterMandateForm({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <CommandForm
      id="register"
      submitLabel={t('register.submit')}
      fields={[
        { name: 'body', kind: 'select', required: true, options: [...RESOLUTION_BODIES], optionLabels: 'body' },
        { name: 'resolutionSymbol', kind: 'text', required: true },
        { name: 'paragraph', kind: 'text' },
        { name: 'adoptedOn', kind: 'date' },
        { name: 'title', kind: 'text' },
        { name: 'text', kind: 'textarea', required: true },
        { name: 'area', kind: 'text' },
        { name: 'reportingRequirement', kind: 'text' },
        { name: 'dueOn', kind: 'date' },
      ]}
      invalidates={[['mandates']]}
      send={({ dueOn, ...fields }) =>
        data(
          api.POST('/mandates', {
            body: {
              ...fields,
              ...(dueOn && { reportingSchedule: { kind: 'once', dueOn } }),
            } as never,
            params: { header: { 'Idempotency-Key': idempotencyKey() } } as never,
          }),
        )
      }
      onDone={(result) => onDone((result as Mandate).id)}
    />
  );
}
