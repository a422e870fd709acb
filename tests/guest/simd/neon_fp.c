/* arm_neon.h floating-point intrinsics: arithmetic, FMA, min/max (NaN-aware and
 * number variants), rounding, conversions, compares, reciprocal estimates and
 * pairwise/across-lane reductions; lanes printed in hex. */
#include "check.h"
#include <arm_neon.h>
#include <math.h>

static void pf(const char *n, float32x4_t v) {
  uint32_t w[4];
  vst1q_u32(w, vreinterpretq_u32_f32(v));
  printf("%-10s %08x %08x %08x %08x\n", n, w[0], w[1], w[2], w[3]);
}
static void pu(const char *n, uint32x4_t v) { pf(n, vreinterpretq_f32_u32(v)); }
static void pdd(const char *n, float64x2_t v) {
  uint64_t w[2];
  vst1q_u64(w, vreinterpretq_u64_f64(v));
  printf("%-10s %016llx %016llx\n", n, (unsigned long long)w[0], (unsigned long long)w[1]);
}
static void pu64(const char *n, uint64x2_t v) { pdd(n, vreinterpretq_f64_u64(v)); }

static volatile float fa_in[4] = {1.5f, -2.25f, 3.7e10f, 0.1f};
static volatile float fb_in[4] = {-0.5f, 4.0f, -1e-3f, NAN};
static volatile double da_in[2] = {2.5, -1e300};
static volatile double db_in[2] = {0.3, 1e-300};

int main(void) {
  float ta[4], tb[4];
  for (int i = 0; i < 4; i++) { ta[i] = fa_in[i]; tb[i] = fb_in[i]; }
  float32x4_t a = vld1q_f32(ta), b = vld1q_f32(tb);
  float64x2_t da = {da_in[0], da_in[1]}, db = {db_in[0], db_in[1]};
  pf("add", vaddq_f32(a, b)); pf("sub", vsubq_f32(a, b)); pf("mul", vmulq_f32(a, b)); pf("div", vdivq_f32(a, b));
  pf("fma", vfmaq_f32(a, a, b)); pf("fms", vfmsq_f32(a, a, b)); pf("mla_lane", vfmaq_laneq_f32(a, b, a, 1));
  pf("max", vmaxq_f32(a, b)); pf("min", vminq_f32(a, b)); pf("maxnm", vmaxnmq_f32(a, b)); pf("minnm", vminnmq_f32(a, b));
  pf("abs", vabsq_f32(b)); pf("neg", vnegq_f32(a)); pf("sqrt", vsqrtq_f32(vabsq_f32(a))); pf("abd", vabdq_f32(a, b));
  pf("rndn", vrndnq_f32(a)); pf("rndm", vrndmq_f32(a)); pf("rndp", vrndpq_f32(a)); pf("rnd", vrndq_f32(a));
  pf("rnda", vrndaq_f32(a)); pf("rndx", vrndxq_f32(a));
  pu("cvtzs", vreinterpretq_u32_s32(vcvtq_s32_f32(a))); pu("cvtzu", vcvtq_u32_f32(a));
  pu("cvtns", vreinterpretq_u32_s32(vcvtnq_s32_f32(a))); pu("cvtms", vreinterpretq_u32_s32(vcvtmq_s32_f32(a)));
  pf("scvtf", vcvtq_f32_s32(vreinterpretq_s32_f32(a))); pf("ucvtf", vcvtq_f32_u32(vreinterpretq_u32_f32(b)));
  pu("fix_zs", vreinterpretq_u32_s32(vcvtq_n_s32_f32(a, 4))); pf("fix_sf", vcvtq_n_f32_s32(vreinterpretq_s32_f32(b), 12));
  pu("ceq", vceqq_f32(a, b)); pu("cge", vcgeq_f32(a, b)); pu("cgt", vcgtq_f32(a, b)); pu("cle0", vclezq_f32(a));
  pu("acgt", vcagtq_f32(a, b));
  pf("recpe", vrecpeq_f32(a)); pf("rsqrte", vrsqrteq_f32(vabsq_f32(a))); pf("recps", vrecpsq_f32(a, b));
  pf("rsqrts", vrsqrtsq_f32(a, b));
  pf("padd", vpaddq_f32(a, a)); pf("pmax", vpmaxq_f32(a, b));
  printf("maxv %08x minnmv %08x addp %08x\n", vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vmaxvq_f32(a))), 0),
         vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vminnmvq_f32(b))), 0),
         vgetq_lane_u32(vreinterpretq_u32_f32(vdupq_n_f32(vpadds_f32(vget_low_f32(a)))), 0));
  pdd("dadd", vaddq_f64(da, db)); pdd("dmul", vmulq_f64(da, db)); pdd("ddiv", vdivq_f64(da, db));
  pdd("dfma", vfmaq_f64(da, da, db)); pdd("dsqrt", vsqrtq_f64(vabsq_f64(da))); pdd("dmax", vmaxq_f64(da, db));
  pdd("drndn", vrndnq_f64(da)); pu64("dcvtzs", vreinterpretq_u64_s64(vcvtq_s64_f64(da)));
  pdd("dscvtf", vcvtq_f64_s64(vreinterpretq_s64_f64(db))); pu64("dcgt", vcgtq_f64(da, db));
  pdd("fcvtl", vcvt_f64_f32(vget_low_f32(a))); pf("fcvtn", vcombine_f32(vcvt_f32_f64(da), vcvt_f32_f64(db)));
  pf("fcvtxn", vcombine_f32(vcvtx_f32_f64(db), vget_low_f32(b)));
  pf("dup", vdupq_laneq_f32(a, 2)); pf("ext", vextq_f32(a, b, 3)); pf("zip", vzip1q_f32(a, b));
  pf("mul_n", vmulq_n_f32(a, 3.0f)); pdd("mulx", vmulxq_f64(da, db));
  float32x2_t h = vget_high_f32(a);
  printf("high %08x\n", vget_lane_u32(vreinterpret_u32_f32(h), 0));
  return 0;
}
