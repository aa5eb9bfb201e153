// The Gitea Actions workflow that tells Flux about a push: on push to the branch, POST to the Receiver's
// webhook, signed with the Receiver's token (HMAC-SHA256 of the body in `X-Signature: sha256=...`, which a
// `generic-hmac` Receiver checks and a `generic` one ignores). The token comes from a repository secret. Pure.

export const WORKFLOW_PATH = '.gitea/workflows/notify-flux.yaml';

export interface WorkflowOptions {
  readonly branch: string;
  readonly webhookUrl: string;
  /** The repository secret holding the Receiver's token. */
  readonly secretName: string;
  /** `namespace/name` of the Receiver, for the comment at the top. */
  readonly receiver: string;
}

/** Why a secret name cannot be used (Gitea: letters, digits and _, not starting with a digit, GITEA_ or GITHUB_). */
export function secretNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'A secret name holds letters, digits and underscores, and does not start with a digit.';
  if (/^(GITEA_|GITHUB_)/i.test(name)) return 'Gitea reserves secret names starting with GITEA_ or GITHUB_.';
  return undefined;
}

/** A YAML scalar in double quotes. */
const quoted = (s: string): string => JSON.stringify(s);

export function giteaWorkflow(o: WorkflowOptions): string {
  const problem = secretNameProblem(o.secretName);
  if (problem) throw new Error(problem);
  return [
    `# Tells Flux about every push to ${o.branch}, so it reconciles at once instead of at its next interval.`,
    `# Receiver ${o.receiver}; its token is the repository secret ${o.secretName}.`,
    'name: Notify Flux',
    'on:',
    '  push:',
    '    branches:',
    `      - ${quoted(o.branch)}`,
    'jobs:',
    '  notify:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - name: POST to the Flux webhook receiver',
    '        env:',
    `          WEBHOOK_URL: ${quoted(o.webhookUrl)}`,
    `          WEBHOOK_TOKEN: \${{ secrets.${o.secretName} }}`,
    '        run: |',
    `          body=$(printf '{"ref":"%s","sha":"%s","repository":"%s"}' "$GITHUB_REF" "$GITHUB_SHA" "$GITHUB_REPOSITORY")`,
    `          signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$WEBHOOK_TOKEN" | sed 's/^.* //')`,
    '          curl --fail --silent --show-error --retry 3 -X POST "$WEBHOOK_URL" \\',
    `            -H 'Content-Type: application/json' \\`,
    '            -H "X-Signature: sha256=$signature" \\',
    '            --data "$body"',
    '',
  ].join('\n');
}
