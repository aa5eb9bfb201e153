// A chart folder's .helmignore, as helm's loader reads it: the matcher on helm's documented examples, and the
// render's file reader leaving ignored files and folders out (neither read nor sent: unreadable ones do no harm).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { globMatch, isIgnored, parseHelmignore } from '../../../server/src/core/charts/helmignore';
import { ChartBytesReader } from '../../../server/src/node/render/helmCharts';
import { toUri } from '../../../server/src/node/diskHost';

const ignored = (text: string, p: string, dir = false) => isIgnored(parseHelmignore(text).rules, p, dir);

describe('globs as Go filepath.Match has them', () => {
  it('matches stars, question marks, classes and escapes, never across a slash', () => {
    assert.equal(globMatch('*.txt', 'a.txt'), true);
    assert.equal(globMatch('*.txt', 'dir/a.txt'), false);
    assert.equal(globMatch('*/temp*', 'x/temp1'), true);
    assert.equal(globMatch('*/temp*', 'x/y/temp1'), false);
    assert.equal(globMatch('temp?', 'temp1'), true);
    assert.equal(globMatch('temp?', 'temp12'), false);
    assert.equal(globMatch('*.[Bb][Aa][Kk]', 'notes.BaK'), true);
    assert.equal(globMatch('[^a]*', 'abc'), false);
    assert.equal(globMatch('[a-c]x', 'bx'), true);
    assert.equal(globMatch('\\*', '*'), true);
    assert.equal(globMatch('a*b*c*d', `a${'b'.repeat(5000)}`), false, 'a hostile pattern costs bounded work');
  });
});

describe('helm ignore rules', () => {
  const RULES = '# comment\n\n.git\n*/temp*\ntemp?\n*.[Bb][Aa][Kk]\n/ignoreme.txt\nci/\nsecrets/*.yaml\n';

  it('follows helm\'s documented examples', () => {
    assert.equal(ignored(RULES, '.git', true), true);
    assert.equal(ignored(RULES, 'templates/temp1.yaml'), true, '*/temp* matches in any first-level folder');
    assert.equal(ignored(RULES, 'a/b/temp12'), false, '*/temp* stops at one folder level');
    assert.equal(ignored(RULES, 'x/temp9'), true);
    assert.equal(ignored(RULES, 'deep/down/temp9'), true, 'a pattern without a slash matches the base name anywhere');
    assert.equal(ignored(RULES, 'values.bak'), true);
    assert.equal(ignored(RULES, 'ignoreme.txt'), true);
    assert.equal(ignored(RULES, 'sub/ignoreme.txt'), false, 'a leading slash anchors at the root');
    assert.equal(ignored(RULES, 'ci', true), true);
    assert.equal(ignored(RULES, 'ci'), false, 'a trailing slash means folders only');
    assert.equal(ignored(RULES, 'secrets/a.yaml'), true);
    assert.equal(ignored(RULES, 'values.yaml'), false);
    assert.equal(ignored(RULES, 'templates/.hidden.yaml'), true, 'helm\'s default: dotfiles in templates/');
    assert.equal(ignored('', 'templates/deployment.yaml'), false);
  });

  it('keeps helm\'s own rule for negation: a negated pattern ignores what it does not match', () => {
    assert.equal(ignored('!keep.txt', 'keep.txt'), false);
    assert.equal(ignored('!keep.txt', 'other.txt'), true);
  });

  it('refuses `**` and a malformed class as helm refuses the chart, naming the line', () => {
    assert.match(parseHelmignore('ok\nsrc/**/x\n').problem ?? '', /double-star \(\*\*\) syntax is not supported \(line "src\/\*\*\/x"\)/);
    assert.match(parseHelmignore('[abc\n').problem ?? '', /syntax error in pattern/);
    assert.equal(parseHelmignore('a\n# b\n').problem, undefined);
  });
});

describe('the render\'s chart files', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('leaves out what .helmignore names, without reading or counting it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fgt-helmignore-'));
    dirs.push(dir);
    const chart = path.join(dir, 'demo');
    cpSync(path.resolve(__dirname, '..', '..', 'fixtures', 'charts', 'demo'), chart, { recursive: true });
    writeFileSync(path.join(chart, '.helmignore'), '# not part of the chart\nci/\n*.bak\nREADME.md\n');
    mkdirSync(path.join(chart, 'ci'));
    writeFileSync(path.join(chart, 'ci', 'values-test.yaml'), 'x: 1\n');
    writeFileSync(path.join(chart, 'README.md'), '# demo\n');
    writeFileSync(path.join(chart, 'templates', '.editor.swp'), 'junk {{ \n');
    // Sparse files over the folder's byte limit: counting or reading them would refuse the chart.
    for (const big of ['secret.bak', 'ci/dump.tgz']) {
      writeFileSync(path.join(chart, big), '');
      truncateSync(path.join(chart, big), 100 * 1024 * 1024);
    }
    const bytes = await new ChartBytesReader().read({ kind: 'folder', dir: toUri(chart) });
    const names = (bytes.files ?? []).map((f) => f.name);
    assert.ok(names.includes('Chart.yaml') && names.includes('charts/cache/values.yaml') && names.includes('.helmignore'), names.join(', '));
    assert.deepEqual(names.filter((n) => /ci\/|\.bak|README|\.swp/.test(n)), []);
    const key = await new ChartBytesReader().key({ kind: 'folder', dir: toUri(chart) });
    assert.ok(key && !/README|secret/.test(key), 'the change key ignores them too');
  });

  it('refuses a chart whose .helmignore helm refuses', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fgt-helmignore-bad-'));
    const chart = path.join(dir, 'demo');
    mkdirSync(path.join(chart, 'ci'), { recursive: true });
    writeFileSync(path.join(chart, 'secret.bak'), '');
    dirs.push(dir);
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.0.0\n');
    writeFileSync(path.join(chart, '.helmignore'), 'templates/**\n');
    await assert.rejects(new ChartBytesReader().read({ kind: 'folder', dir: toUri(chart) }), /\.helmignore: double-star/);
  });
});
