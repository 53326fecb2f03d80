/** The embedded provider's sign-in page: one server-rendered form, no script. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** No script, no framing, nothing loaded from elsewhere. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1d2733}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}.error{color:#a11}.note{color:#555;font-size:.85rem}</style>
</head><body>${body}</body></html>`;
}

export interface LoginPage {
  uid: string;
  clientName: string;
  username?: string;
  error?: string;
  /** Who the development directory holds, shown to help a trial (never a password). */
  directory: { username: string; roles: string[]; dependency?: string }[];
}

export function loginPage(view: LoginPage): string {
  const people = view.directory
    .map(
      (u) =>
        `${escapeHtml(u.username)} (${escapeHtml([...u.roles, ...(u.dependency ? [u.dependency] : [])].join(', '))})`,
    )
    .join('; ');
  return page(
    'Sign in: mandate-tracker',
    `<h1>Sign in</h1>
<p>to <strong>${escapeHtml(view.clientName)}</strong></p>
${view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(view.uid)}/login" autocomplete="off">
<label>User name <input name="username" required autofocus value="${escapeHtml(view.username ?? '')}"></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
<p class="note">Embedded development provider. Its directory (passwords in src/identity-provider/dev-directory.json): ${people}.</p>`,
  );
}

export function errorPage(message: string): string {
  return page('Sign-in error: mandate-tracker', `<h1>Sign-in error</h1><p class="error">${escapeHtml(message)}</p>`);
}
