import { randomInt } from 'node:crypto';

let counter = 0;

/** A unique operative paragraph, so each test registers mandates of its own in the shared servers. */
export function uniqueParagraph(): string {
  counter += 1;
  return `${randomInt(1, 1_000_000)}.${counter}`;
}

export function aRegistration(overrides: Record<string, unknown> = {}) {
  return {
    body: 'GENERAL_ASSEMBLY',
    resolutionSymbol: 'AG/RES. 2866 (XLIV-O/14)',
    paragraph: uniqueParagraph(),
    adoptedOn: '2014-06-05',
    title: 'Advancing Hemispheric Security: A Multidimensional Approach',
    text: 'Instructs the General Secretariat to support the Committee on Hemispheric Security in its work plan.',
    area: 'prevention of crime and violence',
    reportingRequirement: 'Report to the General Assembly at its next regular session',
    ...overrides,
  };
}

export function aPermanentCouncilRegistration(overrides: Record<string, unknown> = {}) {
  return aRegistration({
    body: 'PERMANENT_COUNCIL',
    resolutionSymbol: 'CP/RES. 1162 (2307/20)',
    adoptedOn: '2020-11-18',
    title: 'Support for the Hemispheric Plan of Action against Transnational Organized Crime',
    ...overrides,
  });
}

/** Assigned to the DPS, whose officer in the development directory is maria.gonzalez (PEOPLE.officer). */
export const assignment = {
  dependency: 'Department of Public Security',
  dependencyId: 'DPS',
  officer: 'maria.gonzalez',
};
export const followUp = {
  kind: 'meeting',
  summary: 'Coordination meeting with the Committee on Hemispheric Security',
  date: '2026-03-02',
  evidenceUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00001.docx',
};
export const progressReport = {
  periodFrom: '2025-07-01',
  periodTo: '2026-06-30',
  summary: 'Progress on the implementation of the work plan',
  documentUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00002.docx',
};
