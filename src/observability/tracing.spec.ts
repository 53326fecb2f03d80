import type { Span } from '@opentelemetry/api';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { tracingConfigured, withoutSecrets } from './tracing';

describe(tracingConfigured.name, () => {
  it('traces only to an OTLP endpoint configured the standard way', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  });

  it('stays off when OTEL_SDK_DISABLED says so', () => {
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' })).toBe(
      false,
    );
  });
});

describe(withoutSecrets.name, () => {
  const recorded = () => {
    const attributes: Record<string, unknown> = {};
    const span = { setAttributes: (a: Record<string, unknown>) => Object.assign(attributes, a) } as unknown as Span;
    return { span, attributes };
  };

  it("keeps a served request's route template, not its path", () => {
    const { span, attributes } = recorded();
    const served = {
      httpVersion: '1.1',
      url: '/calendar/feeds/f1/s3cr3t.ics',
      baseUrl: '',
      route: { path: '/calendar/feeds/:feedId/:secret.ics' },
      headers: { host: 'api.example.org' },
    } as unknown as IncomingMessage;
    withoutSecrets(span, served);
    expect(attributes).toEqual({
      'http.target': '/calendar/feeds/:feedId/:secret.ics',
      'http.url': 'api.example.org/calendar/feeds/:feedId/:secret.ics',
    });
  });

  it('keeps only the origin of a request sent (a webhook URL carries its token)', () => {
    const { span, attributes } = recorded();
    const sent = { protocol: 'https:', host: 'hooks.example.org', path: '/services/T0/B0/s3cr3t' } as ClientRequest;
    withoutSecrets(span, sent);
    expect(attributes).toEqual({ 'http.target': '/', 'http.url': 'https://hooks.example.org' });
  });
});
