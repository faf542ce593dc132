#!/usr/bin/env python3
"""Independent figures for csv_reader_test.cpp (RealOsha*): row and column counts of the OSHA
CSV files, and an FNV-1a 64 hash of every cell, computed with Python's csv module.

Cells are stripped of the same characters as TrimWhitespace (core/text/trim.hpp); each cell is followed by
0x1F and each row (header first) by 0x1E. Run: python3 osha_expected.py [REALWORLD_DIR] (default: $SAFEGRID_REALWORLD_DIR)
"""
import csv
import os
import sys

WS = ' \t\r\n\v\f\xa0\u3000\ufeff'
FILES = ['osha/osha_web_inspection.csv', 'osha/osha_web_violation.csv',
         'osha/dol_ca_prisons/osha_inspection.csv', 'osha/dol_ca_prisons/osha_violation.csv',
         'osha/dol_reference/osha_data_dictionary.csv', 'osha/dol_reference/osha_metadata.csv']


def fnv(rows):
    h = 0xcbf29ce484222325
    for r in rows:
        for b in b''.join(c.strip(WS).encode() + b'\x1f' for c in r) + b'\x1e':
            h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('SAFEGRID_REALWORLD_DIR')
if not root:
    sys.exit('usage: osha_expected.py REALWORLD_DIR (or set SAFEGRID_REALWORLD_DIR)')
for f in FILES:
    with open(f'{root}/{f}', newline='', encoding='utf-8') as fh:
        rows = list(csv.reader(fh))
    print(f'{f}: {len(rows) - 1} data rows, {len(rows[0])} columns, fnv 0x{fnv(rows):016x}')
