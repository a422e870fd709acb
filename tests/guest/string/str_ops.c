/* strlen/strnlen/strchr/strrchr/strcmp/strncmp/strcpy/strncpy/strcat/strstr at every
 * alignment 0..15 for each length 0..64 and at 4 rotating alignments for each length
 * 65..300, checked against reference loops; a checksum of the results is printed so
 * differences show. */
#include "check.h"
#include <string.h>

#pragma GCC diagnostic ignored "-Wstringop-truncation"

#define MAXLEN 300
static char a[MAXLEN + 64], b[MAXLEN + 64], c[2 * MAXLEN + 64];

int main(void) {
  uint64_t h = FNV_INIT;
  for (unsigned len = 0; len <= MAXLEN; len++) {
    for (unsigned al = 0; al < 16; al++) {
      if (len > 64 && (al & 3) != (len & 3)) continue; /* 4 alignments per length above 64 */
      char *s = a + al;
      memset(a, 'Z', sizeof a);
      for (unsigned i = 0; i < len; i++) s[i] = (char)('a' + (i * 7 + len) % 26);
      s[len] = 0;
      CHECK(strlen(s) == len);
      CHECK(strnlen(s, len / 2) == len / 2);
      char want = (char)('a' + (len * 3 + al) % 26);
      char *f = strchr(s, want), *r = strrchr(s, want);
      int fi = -1, ri = -1;
      for (unsigned i = 0; i < len; i++) if (s[i] == want) { if (fi < 0) fi = (int)i; ri = (int)i; }
      CHECK(fi < 0 ? f == NULL : f == s + fi);
      CHECK(ri < 0 ? r == NULL : r == s + ri);
      CHECK(strchr(s, 0) == s + len);
      h = fnv64(h, (uint64_t)(fi + 1) << 16 | (uint64_t)(ri + 1));
      unsigned bl = (al * 5 + 3) % 16;
      char *t = b + bl;
      strcpy(t, s);
      CHECK(strcmp(t, s) == 0 && memcmp(t, s, len + 1) == 0);
      CHECK(strncmp(t, s, len + 5) == 0);
      if (len) {
        unsigned pos = (len * 13 + al) % len;
        t[pos] = (char)(t[pos] + 1);
        int cmp = strcmp(t, s), ncmp = strncmp(t, s, pos), ncmp2 = strncmp(s, t, pos + 1);
        CHECK(cmp > 0 && ncmp == 0 && ncmp2 < 0);
        t[pos] = (char)0xff;
        CHECK(strcmp(t, s) > 0);
        h = fnv64(h, (uint64_t)(cmp > 0) + 2 * (uint64_t)(ncmp2 < 0));
      }
      memset(c, 'Q', sizeof c);
      strncpy(c + al, s, len + 3);
      CHECK(c[al + len] == 0 && c[al + len + 2] == 0 && c[al + len + 3] == 'Q');
      strcat(c + al, s);
      CHECK(strlen(c + al) == 2 * len);
      if (len >= 4) {
        char needle[8];
        memcpy(needle, s + len / 2, 3);
        needle[3] = 0;
        char *ss = strstr(s, needle);
        CHECK(ss != NULL && memcmp(ss, needle, 3) == 0 && ss <= s + len / 2);
        h = fnv64(h, (uint64_t)(ss - s));
        CHECK(strstr(s, "zzzzq") == NULL);
      }
      h = fnv64(h, strspn(s, "abcdefghij")) ^ strcspn(s, "xyz");
    }
  }
  printf("checksum %016llx\n", (unsigned long long)h);
  return 0;
}
