import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findRemotes, matchRemote, parseGitConfig } from '../../../server/src/core/gitea/remote';
import { folderLink, hostStyle, parseGitUrl, repoKey, repoLink } from '../../../server/src/core/gitea/url';
import { memoryHost } from '../../../server/src/core/workspace/host';

test('git URLs in https, ssh:// and scp-like forms name the same repository', () => {
  for (const url of ['https://gitea.example.com/org/repo.git', 'ssh://git@gitea.example.com:2222/org/repo.git', 'git@gitea.example.com:org/repo', 'https://user@Gitea.example.com/org/repo/']) {
    assert.equal(repoKey(url), 'gitea.example.com/org/repo', url);
  }
  assert.equal(parseGitUrl('oci://ghcr.io/x'), undefined);
  assert.equal(parseGitUrl('https://example.com/onlyone'), undefined);
});

test('folder links per host style and ref', () => {
  const g = 'https://gitea.example.com/org/repo.git';
  assert.equal(folderLink(g, { branch: 'main' }, 'deploy/prod'), 'https://gitea.example.com/org/repo/src/branch/main/deploy/prod');
  assert.equal(folderLink(g, { tag: 'v1.2.0' }, 'deploy'), 'https://gitea.example.com/org/repo/src/tag/v1.2.0/deploy');
  assert.equal(folderLink(g, { commit: 'abc123', branch: 'main' }, ''), 'https://gitea.example.com/org/repo/src/commit/abc123');
  assert.equal(folderLink(g, { refName: 'refs/heads/release/1' }, 'a'), 'https://gitea.example.com/org/repo/src/branch/release/1/a');
  assert.equal(folderLink(g, {}, 'a'), 'https://gitea.example.com/org/repo/src/branch/master/a', "Flux's default branch");
  assert.equal(folderLink(g, { semver: '>=1.0.0' }, 'a'), undefined, 'a semver range names no single ref');
  assert.equal(folderLink('ssh://git@github.com/fluxcd/flux2.git', { branch: 'main' }, 'manifests'), 'https://github.com/fluxcd/flux2/tree/main/manifests');
  assert.equal(folderLink('https://gitlab.com/g/sub/p.git', { tag: 'v1' }, 'x'), 'https://gitlab.com/g/sub/p/-/tree/v1/x');
  assert.equal(folderLink('https://git.corp.example/org/repo', { branch: 'main' }, 'x'), undefined, 'unknown host');
  assert.equal(folderLink('https://git.corp.example/org/repo', { branch: 'main' }, 'x', 'https://git.corp.example'), 'https://git.corp.example/org/repo/src/branch/main/x', 'the configured Gitea');
  assert.equal(repoLink('git@codeberg.org:a/b.git'), 'https://codeberg.org/a/b');
  assert.equal(hostStyle('gitlab.internal'), 'gitlab');
});

test('remotes come from .git/config read through the host', async () => {
  const config = '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@gitea.example.com:platform/fleet.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n';
  assert.deepEqual(parseGitConfig(config), [{ name: 'origin', url: 'git@gitea.example.com:platform/fleet.git' }]);
  const host = memoryHost({ '.git/config': config, 'a.yaml': 'x: 1\n' });
  const remotes = await findRemotes(host);
  assert.deepEqual(remotes, [{ root: 'file:///ws', name: 'origin', url: 'git@gitea.example.com:platform/fleet.git' }]);
  assert.equal(matchRemote(remotes, 'https://gitea.example.com/platform/fleet')?.name, 'origin');
  assert.equal(matchRemote(remotes, 'https://gitea.example.com/platform/other'), undefined);
});
