/* arm_neon.h integer intrinsics over many operations; every result vector is printed
 * lane by lane in hex. Inputs are generated so nothing folds at compile time. */
#include "check.h"
#include <arm_neon.h>
#include <string.h>

static void p8(const char *n, uint8x16_t v) {
  uint8_t b[16];
  vst1q_u8(b, v);
  printf("%-10s", n);
  for (int i = 0; i < 16; i++) printf(" %02x", b[i]);
  printf("\n");
}
static void p16(const char *n, uint16x8_t v) { p8(n, vreinterpretq_u8_u16(v)); }
static void p32(const char *n, uint32x4_t v) { p8(n, vreinterpretq_u8_u32(v)); }
static void p64(const char *n, uint64x2_t v) { p8(n, vreinterpretq_u8_u64(v)); }
static void pd(const char *n, uint8x8_t v) { p8(n, vcombine_u8(v, vdup_n_u8(0xAA))); }

static uint8_t in_a[64], in_b[64];

int main(int argc, char **argv) {
  (void)argv;
  uint64_t s = 11 + (uint64_t)argc;
  for (int i = 0; i < 64; i++) { in_a[i] = (uint8_t)rnd_next(&s); in_b[i] = (uint8_t)rnd_next(&s); }
  in_a[3] = 0; in_a[4] = 0xff; in_b[4] = 0xff; in_a[5] = 0x80; in_b[5] = 0x80;
  uint8x16_t a = vld1q_u8(in_a), b = vld1q_u8(in_b);
  uint16x8_t a16 = vreinterpretq_u16_u8(vld1q_u8(in_a + 16)), b16 = vreinterpretq_u16_u8(vld1q_u8(in_b + 16));
  uint32x4_t a32 = vreinterpretq_u32_u8(vld1q_u8(in_a + 32)), b32 = vreinterpretq_u32_u8(vld1q_u8(in_b + 32));
  uint64x2_t a64 = vreinterpretq_u64_u8(vld1q_u8(in_a + 48)), b64 = vreinterpretq_u64_u8(vld1q_u8(in_b + 48));
  int8x16_t sa = vreinterpretq_s8_u8(a), sb = vreinterpretq_s8_u8(b);
  int16x8_t sa16 = vreinterpretq_s16_u16(a16), sb16 = vreinterpretq_s16_u16(b16);
  int32x4_t sa32 = vreinterpretq_s32_u32(a32), sb32 = vreinterpretq_s32_u32(b32);
  p8("a", a); p8("b", b);
  p8("add", vaddq_u8(a, b)); p8("sub", vsubq_u8(a, b)); p8("mul", vmulq_u8(a, b));
  p8("mla", vmlaq_u8(a, b, a)); p8("mls", vmlsq_u8(a, b, a));
  p8("qadd_u", vqaddq_u8(a, b)); p8("qsub_u", vqsubq_u8(a, b));
  p8("qadd_s", vreinterpretq_u8_s8(vqaddq_s8(sa, sb))); p8("qsub_s", vreinterpretq_u8_s8(vqsubq_s8(sa, sb)));
  p8("hadd", vhaddq_u8(a, b)); p8("rhadd", vrhaddq_u8(a, b)); p8("hsub_s", vreinterpretq_u8_s8(vhsubq_s8(sa, sb)));
  p8("abd_u", vabdq_u8(a, b)); p8("abd_s", vreinterpretq_u8_s8(vabdq_s8(sa, sb))); p8("aba", vabaq_u8(a, a, b));
  p8("max_u", vmaxq_u8(a, b)); p8("min_s", vreinterpretq_u8_s8(vminq_s8(sa, sb)));
  p8("pmax", vpmaxq_u8(a, b)); p8("padd", vpaddq_u8(a, b));
  p8("ceq", vceqq_u8(a, b)); p8("cgt_s", vcgtq_s8(sa, sb)); p8("cge_u", vcgeq_u8(a, b)); p8("tst", vtstq_u8(a, b));
  p8("ceqz", vceqzq_u8(a)); p8("cltz", vcltzq_s8(sa));
  p8("and", vandq_u8(a, b)); p8("orr", vorrq_u8(a, b)); p8("eor", veorq_u8(a, b)); p8("bic", vbicq_u8(a, b));
  p8("orn", vornq_u8(a, b)); p8("mvn", vmvnq_u8(a)); p8("bsl", vbslq_u8(a, b, vmvnq_u8(b)));
  p8("cnt", vcntq_u8(a)); p8("clz", vclzq_u8(a)); p8("cls", vreinterpretq_u8_s8(vclsq_s8(sa))); p8("rbit", vrbitq_u8(a));
  p8("abs", vreinterpretq_u8_s8(vabsq_s8(sa))); p8("qabs", vreinterpretq_u8_s8(vqabsq_s8(sa)));
  p8("neg", vreinterpretq_u8_s8(vnegq_s8(sa))); p8("qneg", vreinterpretq_u8_s8(vqnegq_s8(sa)));
  p8("shl3", vshlq_n_u8(a, 3)); p8("shr3", vshrq_n_u8(a, 3)); p8("sshr3", vreinterpretq_u8_s8(vshrq_n_s8(sa, 3)));
  p8("rshr3", vrshrq_n_u8(a, 3)); p8("sra", vsraq_n_u8(a, b, 2)); p8("sli", vsliq_n_u8(a, b, 4)); p8("sri", vsriq_n_u8(a, b, 4));
  p8("shlv", vshlq_u8(a, vreinterpretq_s8_u8(vandq_u8(b, vdupq_n_u8(7))))); p8("qshl", vqshlq_n_u8(a, 2));
  p8("rshlv", vreinterpretq_u8_s8(vrshlq_s8(sa, vnegq_s8(vreinterpretq_s8_u8(vandq_u8(b, vdupq_n_u8(7)))))));
  p8("zip1", vzip1q_u8(a, b)); p8("zip2", vzip2q_u8(a, b)); p8("uzp1", vuzp1q_u8(a, b)); p8("uzp2", vuzp2q_u8(a, b));
  p8("trn1", vtrn1q_u8(a, b)); p8("trn2", vtrn2q_u8(a, b)); p8("ext5", vextq_u8(a, b, 5));
  p8("rev64", vrev64q_u8(a)); p8("rev32", vrev32q_u8(a)); p8("rev16", vrev16q_u8(a));
  p8("tbl", vqtbl1q_u8(a, vandq_u8(b, vdupq_n_u8(0x1f))));
  p8("tbx", vqtbx1q_u8(b, a, vandq_u8(a, vdupq_n_u8(0x1f))));
  uint8x16x2_t t2 = {{a, b}};
  p8("tbl2", vqtbl2q_u8(t2, vandq_u8(b, vdupq_n_u8(0x3f))));
  p8("dup", vdupq_laneq_u8(a, 7)); p8("ins", vsetq_lane_u8(0x42, a, 9)); p8("copy", vcopyq_laneq_u8(a, 0, b, 15));
  p8("movi", vdupq_n_u8(0x5c));
  printf("umov %u smov %d addv %u maxv %u minv %u saddlv %d uaddlv %u\n", vgetq_lane_u8(a, 3), vgetq_lane_s8(sa, 5),
         vaddvq_u8(a), vmaxvq_u8(a), vminvq_u8(b), vaddlvq_s8(sa), vaddlvq_u8(b));
  p16("add16", vaddq_u16(a16, b16)); p16("mul16", vmulq_u16(a16, b16)); p16("qdmulh", vreinterpretq_u16_s16(vqdmulhq_s16(sa16, sb16)));
  p16("qrdmulh", vreinterpretq_u16_s16(vqrdmulhq_s16(sa16, sb16))); p16("mul_lane", vmulq_laneq_u16(a16, b16, 3));
  p16("uxtl", vmovl_u8(vget_low_u8(a))); p16("sxtl2", vreinterpretq_u16_s16(vmovl_high_s8(sa)));
  p16("umull", vmull_u8(vget_low_u8(a), vget_low_u8(b))); p16("smull2", vreinterpretq_u16_s16(vmull_high_s8(sa, sb)));
  p16("uaddl", vaddl_u8(vget_low_u8(a), vget_low_u8(b))); p16("usubw", vsubw_u8(a16, vget_low_u8(b)));
  p16("uabdl", vabdl_u8(vget_low_u8(a), vget_low_u8(b))); p16("uadalp", vpadalq_u8(a16, b));
  p16("uaddlp", vpaddlq_u8(a)); p16("pmull", vreinterpretq_u16_p16(vmull_p8(vreinterpret_p8_u8(vget_low_u8(a)), vreinterpret_p8_u8(vget_low_u8(b)))));
  p16("shll", vshll_n_u8(vget_low_u8(a), 8)); p16("sshll", vreinterpretq_u16_s16(vshll_n_s8(vget_low_s8(sa), 3)));
  pd("xtn", vmovn_u16(a16)); pd("shrn", vshrn_n_u16(a16, 5)); pd("rshrn", vrshrn_n_u16(a16, 5));
  pd("qshrn", vqshrn_n_u16(a16, 3)); pd("sqshrun", vqshrun_n_s16(sa16, 3)); pd("sqrshrn", vreinterpret_u8_s8(vqrshrn_n_s16(sa16, 4)));
  pd("uqxtn", vqmovn_u16(a16)); pd("sqxtn", vreinterpret_u8_s8(vqmovn_s16(sa16))); pd("sqxtun", vqmovun_s16(sa16));
  p8("xtn2", vmovn_high_u16(vget_low_u8(a), b16));
  p32("add32", vaddq_u32(a32, b32)); p32("mul32", vmulq_u32(a32, b32)); p32("mla32", vmlaq_u32(a32, a32, b32));
  p32("min32", vreinterpretq_u32_s32(vminq_s32(sa32, sb32))); p32("shl32", vshlq_n_u32(a32, 17));
  p32("sshr32", vreinterpretq_u32_s32(vshrq_n_s32(sa32, 9))); p32("sqdmull", vreinterpretq_u32_s32(vqdmull_s16(vget_low_s16(sa16), vget_low_s16(sb16))));
  p32("umlal", vmlal_u16(a32, vget_low_u16(a16), vget_low_u16(b16))); p32("sabal", vreinterpretq_u32_s32(vabal_s16(sa32, vget_low_s16(sa16), vget_low_s16(sb16))));
  p32("rev32_16", vreinterpretq_u32_u16(vrev32q_u16(a16))); p32("cmhi", vcgtq_u32(a32, b32));
  printf("addv32 %08x maxv32 %08x minv_s32 %d\n", vaddvq_u32(a32), vmaxvq_u32(a32), vminvq_s32(sa32));
  p64("add64", vaddq_u64(a64, b64)); p64("sub64", vsubq_u64(a64, b64)); p64("cmgt64", vcgtq_s64(vreinterpretq_s64_u64(a64), vreinterpretq_s64_u64(b64)));
  p64("ushr64", vshrq_n_u64(a64, 33)); p64("sshr64", vreinterpretq_u64_s64(vshrq_n_s64(vreinterpretq_s64_u64(a64), 63)));
  p64("shl64v", vshlq_u64(a64, vdupq_n_s64(-7))); p64("umull32", vmull_u32(vget_low_u32(a32), vget_low_u32(b32)));
  p64("zip64", vzip1q_u64(a64, b64)); p64("addp64", vdupq_n_u64(vaddvq_u64(a64)));
  uint8x16x3_t l3 = vld3q_u8(in_a);
  p8("ld3_0", l3.val[0]); p8("ld3_2", l3.val[2]);
  uint16x8x4_t l4 = vld4q_u16((const uint16_t *)in_b);
  p16("ld4_1", l4.val[1]); p16("ld4_3", l4.val[3]);
  uint8_t outb[64];
  memset(outb, 0, sizeof outb);
  vst2q_u8(outb, (uint8x16x2_t){{a, b}});
  p8("st2", vld1q_u8(outb + 8));
  vst4q_lane_u8(outb, (uint8x16x4_t){{a, b, a, b}}, 6);
  p8("st4lane", vld1q_u8(outb));
  p8("ld1r", vld1q_dup_u8(in_b + 9));
  uint32x4_t lane = vld1q_lane_u32((const uint32_t *)in_a, a32, 2);
  p32("ld1lane", lane);
  return 0;
}
