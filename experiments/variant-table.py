#!/usr/bin/env python3
"""Issue 18's variant table from probe.json files (standard library only).

Usage: experiments/variant-table.py REF PROBE_DIR [PROBE_DIR ...]
Prints, per metric, one markdown row per embeddings folder: the macro value at each label fraction with its 95 %
patient-bootstrap interval, and X minus REF with the paired interval (from a probe where both were probed: every
probe here uses the same records, folds, seeds and resamples, so rows from different probes are the same numbers a
single probe would give). "better"/"worse" only where the paired interval excludes 0.
"""
import json
import os
import sys


def main(ref, dirs):
    rows, diffs, fractions = {}, {}, set()
    for d in dirs:
        p = json.load(open(os.path.join(d, 'probe.json')))
        for s in p['scores']:
            rows.setdefault(s['embedding'], {})[s['fraction']] = s
            fractions.add(s['fraction'])
        for c in p['comparisons']:
            x, y = c['embedding'], c['against']
            for metric in ('auroc', 'auprc'):
                pc = c[metric]
                if pc['difference'] is None:
                    continue
                a_is_x = abs(pc['a'] - rows[x][c['fraction']][metric]['value']) < 1e-12
                sign = 1 if a_is_x else -1  # orient as x - y
                lo, hi = sorted((sign * pc['lower'], sign * pc['upper']))
                diffs[(x, y, c['fraction'], metric)] = (sign * pc['difference'], lo, hi)
                diffs[(y, x, c['fraction'], metric)] = (-sign * pc['difference'], -hi, -lo)
    fractions = sorted(fractions)
    for metric in ('auroc', 'auprc'):
        print(f'\nMacro {metric.upper()}, X − {ref} below each value\n')
        print('| embeddings | ' + ' | '.join(f'{f * 100:g} % labels' for f in fractions) + ' |')
        print('|---' * (len(fractions) + 1) + '|')
        for name, by_fraction in rows.items():
            cells = []
            for f in fractions:
                e = by_fraction[f][metric]
                cell = f"{e['value']:.3f} [{e['lower']:.3f}, {e['upper']:.3f}]"
                if name != ref and (name, ref, f, metric) in diffs:
                    v, lo, hi = diffs[(name, ref, f, metric)]
                    mark = ' **better**' if lo > 0 else (' **worse**' if hi < 0 else '')
                    cell += f'<br>{v:+.3f} [{lo:+.3f}, {hi:+.3f}]{mark}'
                cells.append(cell)
            print(f'| {name} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
