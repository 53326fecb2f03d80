/**
 * Who a test's request comes from. The one place the X-Actor header is written: when tokens replace it, this
 * function returns the bearer token's header instead and every test follows.
 */
export function actor(name: string): Record<string, string> {
  return { 'X-Actor': name };
}

export const SECRETARIAT = actor('secretariat.dps');
export const OFFICER = actor('maria.gonzalez');
export const ADMINISTRATOR = actor('admin.dps');
