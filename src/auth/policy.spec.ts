import {
  authorize,
  inScope,
  isOwnReport,
  isSelfAssignment,
  type Permission,
  PERMISSIONS,
  type Principal,
  type ReadScope,
  refusal,
  type Role,
  ROLES,
} from './policy';

function aPrincipal(overrides: Partial<Principal> = {}): Principal {
  return {
    actor: 'maria.gonzalez',
    name: 'María González',
    aliases: ['maria.gonzalez@example.org', 'María González'],
    email: 'maria.gonzalez@example.org',
    machine: false,
    roles: ['officer'],
    dependencyIds: ['DPS'],
    ...overrides,
  };
}

/** The policy as the README states it: which role holds which permission, over which mandates. */
const EXPECTED: Record<Permission, Partial<Record<Role, 'all' | 'own'>>> = {
  'mandate:register': { secretariat: 'all' },
  'mandate:assign': { secretariat: 'all' },
  'mandate:reassign': { secretariat: 'all' },
  'mandate:set-schedule': { secretariat: 'all' },
  'mandate:extend-deadline': { secretariat: 'all' },
  'report:review': { secretariat: 'all' },
  'mandate:close': { secretariat: 'all' },
  'mandate:link': { secretariat: 'all' },
  'follow-up:record': { officer: 'own' },
  'report:submit': { officer: 'own' },
  'mandate:read': { secretariat: 'all', officer: 'own', auditor: 'all' },
  'notification:read': { secretariat: 'all', officer: 'own', auditor: 'all', administrator: 'all' },
  'calendar:read': { secretariat: 'all', officer: 'own', auditor: 'all' },
  'audit:history': { auditor: 'all' },
  'audit:export': { auditor: 'all' },
  'audit:verify': { auditor: 'all', administrator: 'all' },
  'operations:rebuild-read-model': { administrator: 'all' },
  'operations:rotate-keys': { administrator: 'all' },
  'operations:repair-history': { administrator: 'all' },
};

describe(authorize.name, () => {
  it('covers every permission of the table', () => {
    expect(PERMISSIONS.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(PERMISSIONS)('%s', (permission) => {
    it.each(ROLES)('as %s', (role) => {
      const decision = authorize(aPrincipal({ roles: [role] }), permission);
      const expected = EXPECTED[permission][role];
      if (expected === undefined) {
        expect(decision).toMatchObject({ allowed: false, permission });
      } else {
        expect(decision).toEqual({
          allowed: true,
          permission,
          actedAs: [role],
          scope: expected === 'all' ? { kind: 'all' } : { kind: 'dependencies', dependencyIds: ['DPS'] },
        });
      }
    });
  });

  it('refuses a caller with no role anything', () => {
    for (const permission of PERMISSIONS) {
      expect(authorize(aPrincipal({ roles: [] }), permission).allowed).toBe(false);
    }
  });

  it('gives a caller with several roles the widest reach, naming the roles it acted under', () => {
    const both = aPrincipal({ roles: ['secretariat', 'officer'] });
    expect(authorize(both, 'mandate:read')).toMatchObject({
      scope: { kind: 'all' },
      actedAs: ['secretariat', 'officer'],
    });
    expect(authorize(both, 'report:submit')).toMatchObject({
      scope: { kind: 'dependencies', dependencyIds: ['DPS'] },
      actedAs: ['officer'],
    });
    expect(authorize(both, 'mandate:close')).toMatchObject({ actedAs: ['secretariat'] });
  });

  it('does not let an administrator command mandates unless also secretariat', () => {
    expect(authorize(aPrincipal({ roles: ['administrator'] }), 'mandate:assign').allowed).toBe(false);
    expect(authorize(aPrincipal({ roles: ['administrator', 'secretariat'] }), 'mandate:assign').allowed).toBe(true);
  });

  it('names the missing permission and who holds it', () => {
    const decision = authorize(aPrincipal({ roles: ['auditor'] }), 'mandate:assign');
    if (decision.allowed) throw new Error('allowed');
    expect(refusal(decision)).toBe('this needs the permission mandate:assign, held by secretariat');
  });
});

describe(inScope.name, () => {
  it('shows an officer their dependency only, and no unassigned mandate', () => {
    const scope: ReadScope = { kind: 'dependencies', dependencyIds: ['DPS'] };
    expect(inScope(scope, 'DPS')).toBe(true);
    expect(inScope(scope, 'CICAD')).toBe(false);
    expect(inScope(scope, undefined)).toBe(false);
    expect(inScope({ kind: 'dependencies', dependencyIds: [] }, 'DPS')).toBe(false);
    expect(inScope({ kind: 'all' }, undefined)).toBe(true);
  });
});

describe(isSelfAssignment.name, () => {
  const carlos = aPrincipal({
    actor: 'carlos.mendez',
    aliases: ['Carlos Méndez', 'carlos.mendez@example.org'],
    email: 'carlos.mendez@example.org',
    roles: ['secretariat'],
  });

  it('refuses an assignment naming the caller by subject, name or e-mail, in any case', () => {
    expect(isSelfAssignment(carlos, { officer: 'carlos.mendez' })).toBe(true);
    expect(isSelfAssignment(carlos, { officer: ' Carlos.Mendez ' })).toBe(true);
    expect(isSelfAssignment(carlos, { officer: 'Carlos Méndez' })).toBe(true);
    expect(isSelfAssignment(carlos, { officer: 'someone', officerEmail: 'CARLOS.MENDEZ@example.org' })).toBe(true);
  });

  it('lets the caller assign someone else, and ignores what is not text', () => {
    expect(isSelfAssignment(carlos, { officer: 'maria.gonzalez', officerEmail: 'maria@example.org' })).toBe(false);
    expect(isSelfAssignment(carlos, { officer: 42, officerEmail: ['carlos.mendez@example.org'] })).toBe(false);
    expect(isSelfAssignment(carlos, {})).toBe(false);
  });
});

describe(isOwnReport.name, () => {
  it('is the submitter reviewing, by actor', () => {
    expect(isOwnReport(aPrincipal(), 'maria.gonzalez')).toBe(true);
    expect(isOwnReport(aPrincipal(), 'rosa.martinez')).toBe(false);
    expect(isOwnReport(aPrincipal(), undefined)).toBe(false);
  });
});
