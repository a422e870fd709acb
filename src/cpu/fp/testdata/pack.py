# Pack oracle inputs and outputs into a gzipped vector file grouped by instruction:
#   python3 pack.py words.txt inputs.txt outputs.txt out.txt.gz
# words.txt lines are "<hex word> <assembly text>". FJCVTZS records with FPCR.FZ set
# are skipped (qemu 7.2 differs from the Arm ARM there; see README.md).
import gzip
import sys

words, inputs, outputs, dst = sys.argv[1:5]
names = {l[:8]: l[9:].strip() for l in open(words)}
groups = {}
for a, b in zip(open(inputs), open(outputs)):
    a, b = a.strip(), b.strip()
    w = a[:8]
    if w == '1e7e0020' and (int(a.split()[1], 16) >> 24) & 1:
        continue
    groups.setdefault(w, []).append(a + '|' + b)
text = ''.join('# %s %s\n' % (w, names[w]) + ''.join(x + '\n' for x in v) for w, v in groups.items())
with gzip.open(dst, 'wb', 9) as g:
    g.write(text.encode())
