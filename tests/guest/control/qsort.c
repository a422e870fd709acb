/* qsort of ints, doubles, strings and structs with several comparators, then bsearch
 * for every element and for absent keys. */
#include "check.h"
#include <string.h>

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_dbl(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

struct rec { int key; char name[12]; double w; };
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return strcmp(x->name, y->name);
}

#define N 5000
static int ia[N];
static double da[N];
static struct rec ra[1000];
static char names[400][16];
static char *sp[400];

int main(void) {
  uint64_t s = 5;
  for (int i = 0; i < N; i++) ia[i] = (int)(rnd_next(&s) % 100000) - 50000;
  qsort(ia, N, sizeof ia[0], cmp_int);
  for (int i = 1; i < N; i++) CHECK(ia[i - 1] <= ia[i]);
  uint64_t h = fnv(FNV_INIT, ia, sizeof ia);
  for (int i = 0; i < N; i += 7) {
    int *f = bsearch(&ia[i], ia, N, sizeof ia[0], cmp_int);
    CHECK(f && *f == ia[i]);
  }
  int missing = 0;
  for (int k = -50010; k < 50010; k += 97) missing += bsearch(&k, ia, N, sizeof ia[0], cmp_int) == NULL;
  qsort(ia, N, sizeof ia[0], cmp_int_desc);
  for (int i = 1; i < N; i++) CHECK(ia[i - 1] >= ia[i]);
  for (int i = 0; i < N; i++) da[i] = (double)(int64_t)rnd_next(&s) / 1e10;
  qsort(da, N, sizeof da[0], cmp_dbl);
  for (int i = 1; i < N; i++) CHECK(da[i - 1] <= da[i]);
  h = fnv(h, da, sizeof da);
  for (int i = 0; i < 400; i++) {
    int len = 1 + (int)(rnd_next(&s) % 14);
    for (int j = 0; j < len; j++) names[i][j] = (char)('a' + rnd_next(&s) % 4);
    names[i][len] = 0;
    sp[i] = names[i];
  }
  qsort(sp, 400, sizeof sp[0], cmp_str);
  for (int i = 1; i < 400; i++) CHECK(strcmp(sp[i - 1], sp[i]) <= 0);
  printf("first %s last %s\n", sp[0], sp[399]);
  for (int i = 0; i < 1000; i++) {
    ra[i].key = (int)(rnd_next(&s) % 50);
    snprintf(ra[i].name, sizeof ra[i].name, "n%d", (int)(rnd_next(&s) % 1000));
    ra[i].w = i * 0.5;
  }
  qsort(ra, 1000, sizeof ra[0], cmp_rec);
  for (int i = 1; i < 1000; i++) CHECK(cmp_rec(&ra[i - 1], &ra[i]) <= 0);
  for (int i = 0; i < 1000; i += 111) printf("rec %d %s %g\n", ra[i].key, ra[i].name, ra[i].w);
  printf("missing %d checksum %016llx\n", missing, (unsigned long long)h);
  return 0;
}
