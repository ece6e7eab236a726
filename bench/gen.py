#!/usr/bin/env python3
"""Generated standards (and packs) for the scale benchmarks: validate.sh's warnings and scale.sh.

    gen.py standard OUT.yaml --leaves N [--globs G] [--warn]
    gen.py pack OUT_DIR --leaves N [--globs G]

The tree is 10 areas x (N / 100) groups x 10 leaves, so N is a multiple of 100. Leaf i holds
`G / N` files checks (the first `G % N` leaves one more), each on its own glob
`Tn/leaf/e<j>.{txt,md}`: G distinct globs in all. `--warn` leaves out every leaf's guidance:
one `empty-guidance` warning per leaf. The pack holds one file per glob, so every check finds
its evidence, and names the generated standard.
"""
import argparse
import os


def tree(leaves):
    if leaves <= 0 or leaves % 100:
        raise SystemExit("--leaves must be a positive multiple of 100")
    groups = leaves // 100
    for a in range(10):
        area = f"T{a}"
        for g in range(groups):
            group = f"{area}-{g:03}"
            for k in range(10):
                yield area, group, f"{group}-{k}"


def globs_of(index, leaves, globs):
    n = globs // leaves + (1 if index < globs % leaves else 0)
    return max(n, 1)


def standard(args):
    out = []
    w = out.append
    w(f'id: bench-{args.leaves}\nversion: "1"\ntitle: {{zh: 基准, en: Benchmark}}\n')
    w('issuer: {zh: 基准, en: Benchmark}\n')
    w('levels:\n  - {zh: 一级, en: L1}\n  - {zh: 二级, en: L2}\n  - {zh: 三级, en: L3}\n')
    w(f'shape: [10, {args.leaves // 10}, {args.leaves}]\n')
    w(f'scoring:\n  total: {args.leaves}\n  grades:\n')
    w(f'    - {{id: good, title: {{zh: 好, en: Good}}, min: {args.leaves * 9 // 10}}}\n')
    w('    - {id: fail, title: {zh: 差, en: Fail}, min: 0}\n')
    w('items:\n')
    last_area = last_group = None
    for i, (area, group, leaf) in enumerate(tree(args.leaves)):
        if area != last_area:
            w(f'  - id: {area}\n    title: {{zh: 一级{area}, en: Area {area}}}\n    items:\n')
            last_area = area
        if group != last_group:
            w(f'      - id: {group}\n        title: {{zh: 二级{group}, en: Group {group}}}\n        items:\n')
            last_group = group
        w(f'          - id: {leaf}\n')
        w(f'            title: {{zh: 三级{leaf}, en: Leaf {leaf}}}\n')
        w('            points: 1\n')
        if not args.warn:
            w(f'            guidance: 把证据放进 {area}/{leaf}/\n')
        w('            checks:\n')
        for j in range(globs_of(i, args.leaves, args.globs)):
            w(f'              - files: {{glob: "{area}/{leaf}/e{j}.{{txt,md}}", min: 1}}\n')
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write(''.join(out))


def pack(args):
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'pack.yaml'), 'w', encoding='utf-8') as f:
        f.write(f'community: 基准社区\nperiod: 2025\npreparer: 基准\nstandard: {{id: bench-{args.leaves}, version: "1"}}\n')
    for i, (area, _group, leaf) in enumerate(tree(args.leaves)):
        folder = os.path.join(args.out, area, leaf)
        os.makedirs(folder, exist_ok=True)
        for j in range(globs_of(i, args.leaves, args.globs)):
            with open(os.path.join(folder, f'e{j}.txt'), 'w', encoding='utf-8') as f:
                f.write(f'{leaf} 的第 {j} 份证据：2025年工作记录。\n')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('what', choices=['standard', 'pack'])
    p.add_argument('out')
    p.add_argument('--leaves', type=int, required=True)
    p.add_argument('--globs', type=int, default=0, help='distinct globs (default: one per leaf)')
    p.add_argument('--warn', action='store_true', help='no guidance: one warning per leaf')
    args = p.parse_args()
    args.globs = args.globs or args.leaves
    (standard if args.what == 'standard' else pack)(args)


if __name__ == '__main__':
    main()
