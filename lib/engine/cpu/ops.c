/* ops.c -- the CPU backend's element-wise and row-wise ops, its training products and the
 * optimizer (backend.h says what each computes).  Every parallel loop gives each output element
 * to one thread, so results do not depend on the thread count. */
#include "engine/cpu/cpu.h"

#include "engine/cpu/gemm.h"
#include "engine/cpu/loops.h"
#include "engine/cpu/vec.h"

#include <math.h>
#include <string.h>

/* Element-wise passes run on all threads once there is enough to share (prefill, training). */
#define PRAGMA(x) _Pragma(#x)
#define ELEMENTWISE(n) PRAGMA(omp parallel for schedule(static) if ((n) >= 65536))

#define LOOPS_FILE "engine/cpu/ops_loops.inc"
#include "engine/cpu/loops_instantiate.h"

static void (*const add_v[])(float *, const float *, long) = VARIANTS(add);
static void (*const round_v[])(float *, long) = VARIANTS(round);
static void (*const swiglu_forward_v[])(float *, const float *, const float *, long) = VARIANTS(swiglu_forward);
static void (*const swiglu_backward_v[])(float *, float *, const float *, const float *, long) = VARIANTS(swiglu_backward);
static void (*const softmax_stats_v[])(float *, long, float, int, double *, double *, float *, float *) =
    VARIANTS(softmax_stats);
static void (*const softmax_backward_v[])(float *, long, double, double, float, float) = VARIANTS(softmax_backward);
static double (*const sum_squares_v[])(const float *, size_t) = VARIANTS(sum_squares);

void cpu_zero(backend *b, float *x, size_t n) {
    (void)b;
    enum { CHUNK = 1 << 20 };
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i += CHUNK) memset(x + i, 0, (n - i < CHUNK ? n - i : CHUNK) * sizeof *x);
}

void cpu_gather_rows(backend *b, float *out, weight table, const int32_t *rows, int n, long C) {
    (void)b;
    for (int r = 0; r < n; r++) weight_read(table, (size_t)rows[r] * C, C, out + (long)r * C);
}

void cpu_scatter_add_rows(backend *b, float *dst, const int32_t *rows, const float *src, int n, long C) {
    (void)b;
    for (int r = 0; r < n; r++) vec_axpy(dst + (long)rows[r] * C, 1, src + (long)r * C, C);   /* serial: rows repeat */
}

void cpu_rmsnorm(backend *b, float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps,
                 int bf16) {
    (void)b;
    ELEMENTWISE(rows * n)
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float *o = out + r * n, s = 1.0f / sqrtf(vec_dot(xr, xr, n) / (float)n + eps);
        if (rstd) rstd[r] = s;
        if (bf16)
            for (long i = 0; i < n; i++) o[i] = bf16_round(w[i] * bf16_round(xr[i] * s));   /* rounded before the weight too */
        else
            for (long i = 0; i < n; i++) o[i] = w[i] * (xr[i] * s);
    }
}

void cpu_rope(backend *b, float *x, const float *cs, int T, int heads, int D, float sign, int bf16) {
    (void)b;
    int half = D / 2;
    ELEMENTWISE((long)T * heads * D)
    for (int t = 0; t < T; t++)
        for (int h = 0; h < heads; h++) {
            float *v = x + ((long)t * heads + h) * D;
            const float *c = cs + (long)t * D;
            for (int i = 0; i < half; i++) {
                float co = c[2 * i], si = sign * c[2 * i + 1], x0 = v[i], x1 = v[i + half];
                if (bf16) {
                    v[i] = bf16_round(bf16_round(x0 * co) - bf16_round(x1 * si));
                    v[i + half] = bf16_round(bf16_round(x1 * co) + bf16_round(x0 * si));
                } else {
                    v[i] = x0 * co - x1 * si;
                    v[i + half] = x1 * co + x0 * si;
                }
            }
        }
}

void cpu_add(backend *b, float *y, const float *x, long n) { (void)b, CHOOSE(add_v)(y, x, n); }

void cpu_round_bf16(backend *b, float *x, long n) { (void)b, CHOOSE(round_v)(x, n); }

/* transformers' SiLU is x * sigmoid(x) in PyTorch's kernel, x / (1 + e^-x) in float here: the
 * inference path keeps the form its logits were checked with. */
void cpu_silu_mul(backend *b, float *gate, const float *up, long n, int bf16) {
    ELEMENTWISE(n)
    for (long i = 0; i < n; i++) gate[i] = gate[i] / (1.0f + expf(-gate[i]));
    if (bf16) cpu_round_bf16(b, gate, n);
    ELEMENTWISE(n)
    for (long i = 0; i < n; i++) gate[i] *= up[i];
    if (bf16) cpu_round_bf16(b, gate, n);
}

void cpu_swiglu_forward(backend *b, float *act, const float *gate, const float *up, long n) {
    (void)b, CHOOSE(swiglu_forward_v)(act, gate, up, n);
}

void cpu_swiglu_backward(backend *b, float *dgate, float *dup, const float *gate, const float *up, long n) {
    (void)b, CHOOSE(swiglu_backward_v)(dgate, dup, gate, up, n);
}

/* ---- training's products ---- */

/* FP32 products, or with BF16 operands (FP32 accumulation) on AMX */
static void product(int bf16, float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn,
                    long M, long N, long K, int accumulate) {
    (bf16 ? gemm_bf16 : gemm_f32)(C, ldc, A, sam, sak, B, sbk, sbn, M, N, K, accumulate);
}

void cpu_matmul_forward(backend *b, float *out, const float *in, const float *W, const float *bias, int T, long IC,
                        long OC, int bf16) {
    (void)b;
    product(bf16, out, OC, in, IC, 1, W, 1, IC, T, OC, IC, 0);
    if (bias)
        for (int t = 0; t < T; t++) vec_axpy(out + (long)t * OC, 1, bias, OC);
}

void cpu_matmul_backward(backend *b, float *din, float *dW, float *dbias, const float *dout, const float *in,
                         const float *W, int T, long IC, long OC, int bf16) {
    (void)b;
    product(bf16, din, IC, dout, OC, 1, W, IC, 1, T, IC, OC, 1);
    product(bf16, dW, IC, dout, 1, OC, in, IC, 1, OC, IC, T, 1);
    for (int t = 0; dbias && t < T; t++) vec_axpy(dbias, 1, dout + (long)t * OC, OC);
}

void cpu_rmsnorm_backward(backend *b, float *dx, float *dw, const float *dy, const float *x, const float *w,
                          const float *rstd, long rows, long n) {
    (void)b;
#pragma omp parallel for schedule(static)
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * n, *dyr = dy + r * n;
        float s = rstd[r], m = 0;
        for (long i = 0; i < n; i++) m += dyr[i] * w[i] * xr[i] * s;
        m /= (float)n;
        for (long i = 0; i < n; i++) dx[r * n + i] += s * (dyr[i] * w[i] - xr[i] * s * m);
    }
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float acc = 0;
        for (long r = 0; r < rows; r++) acc += dy[r * n + i] * x[r * n + i] * rstd[r];
        dw[i] += acc;
    }
}

/* ---- the loss head's softmax ---- */

void cpu_head_softmax(backend *b, float *z, long V, int n, float tau, const int32_t *target, double *lse, double *pz,
                      float *logp, float *entropy) {
    (void)b;
#pragma omp parallel for schedule(dynamic)
    for (int r = 0; r < n; r++) CHOOSE(softmax_stats_v)(z + r * V, V, tau, target[r], &lse[r], &pz[r], &logp[r], &entropy[r]);
}

void cpu_head_softmax_backward(backend *b, float *z, long V, int n, const double *lse, const double *pz,
                               const float *dlogp, const float *dent, const int32_t *target) {
    (void)b;
#pragma omp parallel for schedule(dynamic)
    for (int r = 0; r < n; r++) {
        CHOOSE(softmax_backward_v)(z + r * V, V, lse[r], pz[r], dlogp[r], dent[r]);
        z[r * V + target[r]] += dlogp[r];
    }
}

/* ---- the optimizer ---- */

double cpu_norm(backend *b, const float *x, size_t n) {
    (void)b;
    enum { PARTS = 64 };   /* fixed partial sums, added in order: the same bits for any thread count */
    double part[PARTS] = {0}, ss = 0;
    size_t per = (n + PARTS - 1) / PARTS;
#pragma omp parallel for schedule(static)
    for (int k = 0; k < PARTS; k++) part[k] = CHOOSE(sum_squares_v)(x + k * per, k * per > n ? 0 : n - k * per < per ? n - k * per : per);
    for (int k = 0; k < PARTS; k++) ss += part[k];
    return sqrt(ss);
}

size_t cpu_adamw(backend *b, float *w, const float *grad, float *m, float *v, size_t n, const adamw_step *s) {
    (void)b;
    float b1 = s->beta1, b2 = s->beta2, eps = s->eps, decay = s->decay, step_size = s->step_size, bc2 = s->bc2;
    size_t bad = 0;
#pragma omp parallel for schedule(static) reduction(+ : bad)
    for (size_t i = 0; i < n; i++) {
        float g = grad[i] * s->grad_scale;
        w[i] *= decay;
        m[i] += (g - m[i]) * (1 - b1);   /* torch's lerp */
        v[i] = v[i] * b2 + g * g * (1 - b2);
        w[i] -= step_size * m[i] / (sqrtf(v[i]) / bc2 + eps);
        bad += !isfinite(w[i]);
    }
    return bad;
}
