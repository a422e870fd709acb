/* String conversions and helpers: strtol/strtoul/strtoll/strtod/atoi with bases and
 * edge cases, errno on overflow, ctype, strtok, strdup, strsep. */
#include "check.h"
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <limits.h>

int main(void) {
  static const char *ints[] = {"0", "-0", "42", "  -17xyz", "0x1f", "0777", "9223372036854775807", "9223372036854775808",
                               "-9223372036854775809", "18446744073709551615", "18446744073709551616", "zz", "+12", "1e5"};
  for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    char *end;
    errno = 0;
    long v = strtol(ints[i], &end, 0);
    int e1 = errno;
    errno = 0;
    unsigned long long u = strtoull(ints[i], NULL, 10);
    int e2 = errno;
    printf("%-22s strtol=%ld end=%td errno=%d strtoull=%llu errno=%d base36=%ld atoi=%d\n", ints[i], v, end - ints[i],
           e1 != 0, u, e2 != 0, strtol(ints[i], NULL, 36), atoi(ints[i]));
  }
  static const char *dbl[] = {"0", "1.5", "-2.25e-3", "1e308", "1e309", "4.9e-324", "1e-400", "0x1.8p3", "inf", "-nan",
                              "  3.14159265358979323846", "123abc", ".5", "1.7976931348623157e308"};
  for (unsigned i = 0; i < sizeof dbl / sizeof dbl[0]; i++) {
    char *end;
    errno = 0;
    double d = strtod(dbl[i], &end);
    int e = errno;
    float f = strtof(dbl[i], NULL);
    printf("%-26s %a end=%td erange=%d f=%a\n", dbl[i], d, end - dbl[i], e == ERANGE, (double)f);
  }
  int counts[6] = {0};
  for (int ch = 0; ch < 256; ch++) {
    counts[0] += isalpha(ch) != 0;
    counts[1] += isdigit(ch) != 0;
    counts[2] += isspace(ch) != 0;
    counts[3] += ispunct(ch) != 0;
    counts[4] += isupper(toupper(ch)) != 0;
    counts[5] += isprint(ch) != 0;
  }
  printf("ctype %d %d %d %d %d %d\n", counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
  char line[] = "alpha, beta,,gamma ;delta";
  for (char *tok = strtok(line, " ,;"); tok; tok = strtok(NULL, " ,;")) printf("tok [%s]\n", tok);
  char *dup = strdup("one:two::three");
  char *p = dup, *field;
  while ((field = strsep(&p, ":")) != NULL) printf("sep [%s]\n", field);
  free(dup);
  CHECK(strtol("-80000000", NULL, 16) == -0x80000000L);
  return 0;
}
