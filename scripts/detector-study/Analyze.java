// Stage 2 of the issue #12 study (pure Java, no DJL): reads data/detector-study/* written by
// Extract.java, computes every candidate score, fits Mahalanobis on the ID TRAINING split, turns
// components into ID tail probabilities with the empirical CDF of the ID VALIDATION split,
// combines them (min of tail probabilities; Fisher as a variant), calibrates the joint threshold
// on validation (TPR 95%), and prints AUROC / TNR@TPR95 per candidate and set plus costs.
// Run: java -cp "flink-job/target/classes:flink-job/target/lib/*" Analyze.java > results.md
import java.nio.*;
import java.nio.file.*;
import java.util.*;
import java.util.function.*;
import org.apache.commons.math3.linear.*;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.metrics.OodMetrics;
import org.oodmonitor.training.metrics.Thresholds;

public class Analyze {
    static final Path DIR = Path.of(System.getProperty("ood.root", "."), "data", "detector-study");
    static final int P = 784, S = 28, D = 128, C = 10;
    static final String[] EVAL = {"mnist", "uniform", "gaussian"};
    static final String[] GEN = {"g_inverted", "g_constant", "g_blurnoise", "g_saltpepper", "g_rectlines", "g_checker",
        "g_shifted", "g_rot90", "g_lowuniform", "g_randgauss", "g_fashionnoise", "c_hflip"};
    static final String[] ROB = {"r_jpeg95", "r_jpeg75", "r_bright10", "r_dim085"};

    record Data(byte[] px, float[][] f, float[][] logits, int n) {}

    static Data load(String name) throws Exception {
        byte[] px = Files.readAllBytes(DIR.resolve(name + ".u8"));
        int n = px.length / P;
        FloatBuffer b = ByteBuffer.wrap(Files.readAllBytes(DIR.resolve(name + ".f32"))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[][] f = new float[n][D], l = new float[n][C];
        for (int i = 0; i < n; i++) { b.get(f[i]); b.get(l[i]); }
        return new Data(px, f, l, n);
    }

    static int[] ints(String name) throws Exception {
        IntBuffer b = ByteBuffer.wrap(Files.readAllBytes(DIR.resolve(name))).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] v = new int[b.remaining()];
        b.get(v);
        return v;
    }

    // ---------- input statistics on raw uint8 pixels ----------
    static final int NEAR0 = 13; // pixel < 13 (i.e. < 0.05 of full scale) counts as "near 0"
    static final int BINS = 16;

    /** [tv, near0 fraction, mean, std] of image k, pixels in 0..255. */
    public static double[] stats(byte[] px, int k) {
        int o = k * P;
        long sum = 0, sq = 0, tv = 0;
        int z = 0;
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                int v = px[o + y * S + x] & 0xff;
                sum += v; sq += (long) v * v;
                if (v < NEAR0) z++;
                if (x + 1 < S) tv += Math.abs(v - (px[o + y * S + x + 1] & 0xff));
                if (y + 1 < S) tv += Math.abs(v - (px[o + (y + 1) * S + x] & 0xff));
            }
        }
        double mean = sum / (double) P;
        return new double[] {tv / (2.0 * S * (S - 1)), z / (double) P, mean, Math.sqrt(Math.max(0, sq / (double) P - mean * mean))};
    }

    static double[] hist(byte[] px, int k) {
        double[] h = new double[BINS];
        for (int i = 0; i < P; i++) h[(px[k * P + i] & 0xff) >> 4] += 1.0 / P;
        return h;
    }

    static double histL1(double[] h, double[] ref) {
        double d = 0;
        for (int b = 0; b < BINS; b++) d += Math.abs(h[b] - ref[b]);
        return d;
    }

    // ---------- Mahalanobis (class means + tied covariance on the training split) ----------
    static final class Maha {
        final double[][] w; // whitening matrix L^-1 (D x D)
        final double[][] mu; // whitened class means
        final boolean normalize;

        Maha(float[][] f, int[] y, boolean normalize) {
            this.normalize = normalize;
            double[][] m = new double[C][D];
            int[] cnt = new int[C];
            for (int i = 0; i < f.length; i++) { double[] v = vec(f[i], normalize); cnt[y[i]]++; for (int d = 0; d < D; d++) m[y[i]][d] += v[d]; }
            for (int c = 0; c < C; c++) for (int d = 0; d < D; d++) m[c][d] /= cnt[c];
            double[][] cov = new double[D][D];
            for (int i = 0; i < f.length; i++) {
                double[] v = vec(f[i], normalize);
                double[] r = new double[D];
                for (int d = 0; d < D; d++) r[d] = v[d] - m[y[i]][d];
                for (int a = 0; a < D; a++) { if (r[a] == 0) continue; for (int b = a; b < D; b++) cov[a][b] += r[a] * r[b]; }
            }
            double tr = 0;
            int dead = 0;
            for (int a = 0; a < D; a++) for (int b = a; b < D; b++) { cov[a][b] /= f.length; cov[b][a] = cov[a][b]; }
            for (int a = 0; a < D; a++) { tr += cov[a][a]; if (cov[a][a] < 1e-12) dead++; }
            double ridge = 1e-3 * tr / D; // fixed a priori, not tuned
            for (int a = 0; a < D; a++) cov[a][a] += ridge;
            System.err.printf(Locale.ROOT, "Mahalanobis%s: %d of %d feature dims have zero variance on train; ridge %.3g%n", normalize ? " (normalised f)" : "", dead, D, ridge);
            RealMatrix L = new CholeskyDecomposition(new Array2DRowRealMatrix(cov)).getL();
            RealMatrix Linv = MatrixUtils.inverse(L);
            w = Linv.getData();
            mu = new double[C][];
            for (int c = 0; c < C; c++) mu[c] = Linv.operate(m[c]);
        }

        static double[] vec(float[] f, boolean normalize) {
            double n = 0;
            for (float v : f) n += v * v;
            n = normalize ? Math.max(Math.sqrt(n), 1e-12) : 1;
            double[] o = new double[f.length];
            for (int d = 0; d < f.length; d++) o[d] = f[d] / n;
            return o;
        }

        /** Higher = more ID: minus the smallest squared Mahalanobis distance to a class mean. */
        double score(float[] f) {
            double[] v = vec(f, normalize);
            double[] z = new double[D];
            for (int a = 0; a < D; a++) { double s = 0; double[] row = w[a]; for (int b = 0; b <= a; b++) s += row[b] * v[b]; z[a] = s; }
            double best = Double.MAX_VALUE;
            for (int c = 0; c < C; c++) { double s = 0; for (int d = 0; d < D; d++) { double e = z[d] - mu[c][d]; s += e * e; } best = Math.min(best, s); }
            return -best;
        }
    }

    // ---------- tail probabilities from the ID validation ECDF ----------
    enum Side { LOWER, UPPER, TWO }

    static final class Tail {
        final double[] v; final Side side; final double h;
        Tail(double[] val, Side side) {
            v = val.clone(); Arrays.sort(v); this.side = side;
            double m = Arrays.stream(v).average().orElse(0);
            h = Math.max(1e-12, Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length));
        }
        double lower(double x) { // P(X <= x) with +1 smoothing, exponential extrapolation below the min
            int k = upper(v, x);
            double p = (k + 1.0) / (v.length + 1.0);
            if (k == 0) p *= Math.exp(-(v[0] - x) / h);
            return p;
        }
        double upperP(double x) {
            int k = v.length - lowerB(v, x);
            double p = (k + 1.0) / (v.length + 1.0);
            if (k == 0) p *= Math.exp(-(x - v[v.length - 1]) / h);
            return p;
        }
        double p(double x) {
            return switch (side) {
                case LOWER -> lower(x);
                case UPPER -> upperP(x);
                case TWO -> Math.min(1.0, 2 * Math.min(lower(x), upperP(x)));
            };
        }
        static int lowerB(double[] a, double x) { int lo = 0, hi = a.length; while (lo < hi) { int m = (lo + hi) >>> 1; if (a[m] < x) lo = m + 1; else hi = m; } return lo; }
        static int upper(double[] a, double x) { int lo = 0, hi = a.length; while (lo < hi) { int m = (lo + hi) >>> 1; if (a[m] <= x) lo = m + 1; else hi = m; } return lo; }
    }

    // ---------- main ----------
    static Maha maha, mahaN;
    static double[] meanHist;

    /** Raw component values per image: name -> value. */
    static LinkedHashMap<String, double[]> components(Data d) {
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        String[] names = {"mds", "ent", "fnorm", "maha", "mahaN", "tv", "near0", "mean", "std", "hist"};
        for (String s : names) m.put(s, new double[d.n]);
        for (int i = 0; i < d.n; i++) {
            m.get("mds")[i] = ScoreKind.MDS.of(d.logits[i]);
            m.get("ent")[i] = ScoreKind.ENTROPIC.of(d.logits[i]);
            double n2 = 0; for (float v : d.f[i]) n2 += v * v;
            m.get("fnorm")[i] = Math.sqrt(n2);
            m.get("maha")[i] = maha.score(d.f[i]);
            m.get("mahaN")[i] = mahaN.score(d.f[i]);
            double[] st = stats(d.px, i);
            m.get("tv")[i] = st[0]; m.get("near0")[i] = st[1]; m.get("mean")[i] = st[2]; m.get("std")[i] = st[3];
            m.get("hist")[i] = histL1(hist(d.px, i), meanHist);
        }
        return m;
    }

    static final Map<String, Side> SIDE = Map.of("mds", Side.LOWER, "ent", Side.LOWER, "fnorm", Side.TWO, "maha", Side.LOWER,
            "mahaN", Side.LOWER, "tv", Side.TWO, "near0", Side.TWO, "mean", Side.TWO, "std", Side.TWO, "hist", Side.UPPER);

    static final String[] IN4 = {"tv", "near0", "mean", "std"};

    /**
     * Candidates: name -> components. A component is "key[#tr][*weight]": key a raw component,
     * #tr = tail from the training split instead of validation, weight = its share of the
     * false-alarm budget (default 1). Score = min over components of p / weight (higher = more ID);
     * equal weights = plain min of tail probabilities.
     */
    static LinkedHashMap<String, String[]> candidates() {
        LinkedHashMap<String, String[]> c = new LinkedHashMap<>();
        for (String s : new String[] {"mds", "ent", "fnorm", "maha", "mahaN", "tv", "near0", "mean", "std", "hist"}) c.put(s, new String[] {s});
        c.put("min(mds,tv)", new String[] {"mds", "tv"});
        c.put("min(ent,tv)", new String[] {"ent", "tv"});
        c.put("min(mds,fnorm)", new String[] {"mds", "fnorm"});
        c.put("min(ent,fnorm)", new String[] {"ent", "fnorm"});
        c.put("min(mds,maha)", new String[] {"mds", "maha"});
        c.put("min(ent,maha)", new String[] {"ent", "maha"});
        c.put("min(ent,mahaN)", new String[] {"ent", "mahaN"});
        c.put("min(mds,tv,near0,mean,std)", new String[] {"mds", "tv", "near0", "mean", "std"});
        c.put("min(ent,tv,near0,mean,std)", new String[] {"ent", "tv", "near0", "mean", "std"});
        c.put("min(ent,tv,near0,mean,std,hist)", new String[] {"ent", "tv", "near0", "mean", "std", "hist"});
        c.put("min(ent,tv,near0)", new String[] {"ent", "tv", "near0"});
        c.put("min(ent,maha,tv)", new String[] {"ent", "maha", "tv"});
        c.put("min(ent,maha,tv,near0,mean,std)", new String[] {"ent", "maha", "tv", "near0", "mean", "std"});
        c.put("min(ent,fnorm,tv,near0,mean,std)", new String[] {"ent", "fnorm", "tv", "near0", "mean", "std"});
        c.put("min(mahaN,tv,near0,mean,std)", new String[] {"mahaN", "tv", "near0", "mean", "std"});
        // budget-weighted: beta = share of the false-alarm budget given to the 4 input statistics
        // (input-stat tails from the 55k training split)
        for (String model : new String[] {"mds", "ent", "mahaN", "ent+mahaN"}) {
            for (double beta : new double[] {0.8, 0.2, 0.1, 0.05}) {
                List<String> spec = new ArrayList<>();
                String[] ms = model.split("\\+");
                for (String m : ms) spec.add(m + "*" + (1 - beta) / ms.length);
                for (String s : IN4) spec.add(s + "#tr*" + beta / IN4.length);
                c.put(String.format(Locale.ROOT, "W[%s | stats#tr beta=%.2f]", model, beta), spec.toArray(new String[0]));
            }
        }
        return c;
    }

    static final String REC = "W[ent+mahaN | stats#tr beta=0.10]";
    static final String ALT = "W[ent | stats#tr beta=0.10]";

    public static void main(String[] a) throws Exception {
        Data train = load("train"), val = load("val"), test = load("test");
        int[] ytr = ints("train.labels");
        maha = new Maha(train.f, ytr, false);
        mahaN = new Maha(train.f, ytr, true);
        meanHist = new double[BINS];
        for (int i = 0; i < train.n; i++) { double[] h = hist(train.px, i); for (int b = 0; b < BINS; b++) meanHist[b] += h[b] / train.n; }

        LinkedHashMap<String, double[]> vc = components(val);
        Map<String, Tail> tails = new HashMap<>();
        for (var e : vc.entrySet()) tails.put(e.getKey(), new Tail(e.getValue(), SIDE.get(e.getKey())));
        // input statistics do not depend on the model, so their ID tails can also come from the
        // 55,000-image training split (finer tails); key "<stat>#tr"
        LinkedHashMap<String, double[]> trc = components(train);
        for (String k : new String[] {"tv", "near0", "mean", "std", "hist"}) tails.put(k + "#tr", new Tail(trc.get(k), SIDE.get(k)));

        List<String> setNames = new ArrayList<>(List.of("test"));
        setNames.addAll(List.of(EVAL)); setNames.addAll(List.of(GEN)); setNames.addAll(List.of(ROB));
        Map<String, LinkedHashMap<String, double[]>> comp = new LinkedHashMap<>();
        comp.put("val", vc);
        for (String s : setNames) comp.put(s, components(s.equals("test") ? test : load(s)));

        var cands = candidates();
        // extra: raw (un-calibrated) directions of two components, and a Fisher combination
        System.out.println("# issue #12: candidate OOD scores, fashion-mnist-isomax\n");
        System.out.println("ID = Fashion-MNIST test (10,000). Tail probabilities from the ECDF of the 5,000-image ID validation split; Mahalanobis fit on the 55,000-image training split. Cells: AUROC / TNR@TPR95 (threshold at 95% of the ID test scores, as OodMetrics). Last columns: the joint threshold calibrated on validation (TPR 95%) applied to test: achieved test TPR.\n");
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>(); // cand -> set -> score
        for (var c : cands.entrySet()) {
            Map<String, double[]> bySet = new LinkedHashMap<>();
            for (var s : comp.entrySet()) bySet.put(s.getKey(), combine(c.getValue(), s.getValue(), tails, false));
            scores.put(c.getKey(), bySet);
        }
        for (String[] fc : new String[][] {{"ent", "tv", "near0", "mean", "std"}, {"ent", "maha", "tv", "near0", "mean", "std"}}) {
            Map<String, double[]> bySet = new LinkedHashMap<>();
            for (var s : comp.entrySet()) bySet.put(s.getKey(), combine(fc, s.getValue(), tails, true));
            scores.put("fisher(" + String.join(",", fc) + ")", bySet);
        }
        for (String raw : new String[] {"fnorm", "tv"}) {
            for (int sign : new int[] {1, -1}) {
                Map<String, double[]> bySet = new LinkedHashMap<>();
                for (var s : comp.entrySet()) bySet.put(s.getKey(), Arrays.stream(s.getValue().get(raw)).map(v -> sign * v).toArray());
                scores.put("raw " + (sign > 0 ? "+" : "-") + raw, bySet);
            }
        }

        printTable(scores, EVAL, "Evaluated OOD sets");
        printTable(scores, GEN, "Generalisation sets (synthetic, never used for choosing)");

        // deployed view for the main candidates
        System.out.println("\n## Deployed view: threshold calibrated on ID validation (TPR 95%), applied as is\n");
        System.out.println("Fraction flagged OOD per set (for test: 1 - TPR, target 0.05).\n");
        List<String> cols = new ArrayList<>(List.of("val", "test")); cols.addAll(List.of(EVAL)); cols.addAll(List.of(GEN)); cols.addAll(List.of(ROB));
        System.out.println("| candidate | threshold | " + String.join(" | ", cols) + " |");
        System.out.println("|---|---|" + "---|".repeat(cols.size()));
        for (String c : new String[] {"mds", "ent", "mahaN", "min(ent,mahaN)", "min(ent,tv,near0,mean,std)", "W[ent | stats#tr beta=0.10]", "W[mahaN | stats#tr beta=0.10]", "W[ent+mahaN | stats#tr beta=0.20]", REC, "W[ent+mahaN | stats#tr beta=0.05]"}) {
            double t = Thresholds.forTpr(scores.get(c).get("val"), 0.95);
            StringBuilder sb = new StringBuilder("| " + c + " | " + String.format(Locale.ROOT, "%.4g", t) + " |");
            for (String s : cols) { double[] v = scores.get(c).get(s); long k = Arrays.stream(v).filter(x -> x < t).count(); sb.append(String.format(Locale.ROOT, " %.3f |", (double) k / v.length)); }
            System.out.println(sb);
        }

        // per-component thresholds implied by the recommended detector
        for (String REC : new String[] {Analyze.REC, ALT}) {
        String[] rec = candidates().get(REC);
        double t = Thresholds.forTpr(scores.get(REC).get("val"), 0.95);
        System.out.printf(Locale.ROOT, "%n## %s detector %s: joint threshold on min_k p_k/w_k: t = %.6g%n%n", REC.equals(ALT) ? "Fallback (no Mahalanobis)" : "Recommended", REC, t);
        System.out.println("Equivalent per-component raw thresholds (component k fires when p_k < t*w_k), and which component fires on each set (fraction of the set's images):\n");
        String[] tk = new String[rec.length], ck = new String[rec.length];
        double[] w = new double[rec.length];
        for (int j = 0; j < rec.length; j++) { String[] kw = rec[j].split("\\*"); tk[j] = kw[0]; ck[j] = kw[0].split("#")[0]; w[j] = Double.parseDouble(kw[1]); }
        for (int j = 0; j < rec.length; j++) {
            Tail tl = tails.get(tk[j]);
            // scan a fine grid between the ECDF extremes (with margin) for the kept interval
            double lo0 = tl.v[0] - 3 * tl.h, hi0 = tl.v[tl.v.length - 1] + 3 * tl.h, lo = Double.NaN, hi = Double.NaN;
            for (int g = 0; g <= 200000; g++) { double x = lo0 + (hi0 - lo0) * g / 200000.0; if (tl.p(x) >= t * w[j]) { if (Double.isNaN(lo)) lo = x; hi = x; } }
            System.out.printf(Locale.ROOT, "- %s (%s tail, weight %.4g, fires at p < %.4g): ID kept for %s in [%.5g, %.5g]%n", tk[j], tl.side, w[j], t * w[j], ck[j],
                    tl.side == Side.UPPER ? Double.NEGATIVE_INFINITY : lo, tl.side == Side.LOWER ? Double.POSITIVE_INFINITY : hi);
        }
        System.out.println("\n| set | " + String.join(" | ", tk) + " | any |");
        System.out.println("|---|" + "---|".repeat(rec.length + 1));
        for (String s : comp.keySet()) {
            StringBuilder sb = new StringBuilder("| " + s + " |");
            int n = comp.get(s).get("ent").length;
            boolean[] any = new boolean[n];
            for (int j = 0; j < rec.length; j++) {
                double[] v = comp.get(s).get(ck[j]);
                int cnt = 0;
                for (int i = 0; i < n; i++) if (tails.get(tk[j]).p(v[i]) < t * w[j]) { cnt++; any[i] = true; }
                sb.append(String.format(Locale.ROOT, " %.3f |", (double) cnt / n));
            }
            int ca = 0; for (boolean b : any) if (b) ca++;
            sb.append(String.format(Locale.ROOT, " %.3f |", (double) ca / n));
            System.out.println(sb);
        }
        }

        costs(test, tails);
    }

    static double[] combine(String[] keys, Map<String, double[]> comp, Map<String, Tail> tails, boolean fisher) {
        int n = comp.get("ent").length;
        if (keys.length == 1 && SIDE.get(keys[0]) == Side.LOWER) {
            // one-sided single component: tail p is a monotone map of the raw score; use the raw score (no ties at the floor)
            return comp.get(keys[0]).clone();
        }
        double[] out = new double[n];
        String[] ck = new String[keys.length], tk = new String[keys.length];
        double[] w = new double[keys.length];
        for (int j = 0; j < keys.length; j++) {
            String[] kw = keys[j].split("\\*");
            tk[j] = kw[0];
            ck[j] = kw[0].split("#")[0];
            w[j] = kw.length > 1 ? Double.parseDouble(kw[1]) : 1.0;
        }
        for (int i = 0; i < n; i++) {
            double v = fisher ? 0 : Double.MAX_VALUE;
            for (int j = 0; j < keys.length; j++) {
                double p = tails.get(tk[j]).p(comp.get(ck[j])[i]);
                v = fisher ? v + Math.log(p) : Math.min(v, p / w[j]);
            }
            out[i] = v;
        }
        return out;
    }

    static void printTable(Map<String, Map<String, double[]>> scores, String[] sets, String title) {
        System.out.println("\n## " + title + "\n");
        System.out.println("| candidate | " + String.join(" | ", sets) + " | test TPR at val threshold |");
        System.out.println("|---|" + "---|".repeat(sets.length + 1));
        for (var c : scores.entrySet()) {
            double[] in = c.getValue().get("test");
            StringBuilder sb = new StringBuilder("| " + c.getKey() + " |");
            for (String s : sets) {
                OodMetrics m = OodMetrics.of(in, c.getValue().get(s));
                sb.append(String.format(Locale.ROOT, " %.3f / %.3f |", m.auroc(), m.tnrAtTpr95()));
            }
            double t = Thresholds.forTpr(c.getValue().get("val"), 0.95);
            long k = Arrays.stream(in).filter(x -> x >= t).count();
            sb.append(String.format(Locale.ROOT, " %.4f |", (double) k / in.length));
            System.out.println(sb);
        }
    }

    static volatile double sink;

    static void costs(Data test, Map<String, Tail> tails) {
        System.out.println("\n## Per-image cost of each component (single thread, Java, after JIT warm-up; 10,000 test images x 5 passes)\n");
        Map<String, IntToDoubleFunction> f = new LinkedHashMap<>();
        f.put("mds (max of 10 logits)", i -> ScoreKind.MDS.of(test.logits[i]));
        f.put("entropic (softmax entropy of 10 logits)", i -> ScoreKind.ENTROPIC.of(test.logits[i]));
        f.put("fnorm (||f||, 128 values)", i -> { double s = 0; for (float v : test.f[i]) s += v * v; return Math.sqrt(s); });
        f.put("input stats tv+near0+mean+std (one pass over 784 pixels)", i -> stats(test.px, i)[0]);
        f.put("hist L1 (16 bins)", i -> histL1(hist(test.px, i), meanHist));
        f.put("mahalanobis (128x128 triangular whitening + 10 distances)", i -> maha.score(test.f[i]));
        f.put("5 tail lookups (binary search in 5,000 sorted values) + min", i -> {
            double v = 1; for (String k : new String[] {"ent", "tv#tr", "near0#tr", "mean#tr", "std#tr"}) v = Math.min(v, tails.get(k).p(0.5 * i)); return v; });
        f.put("mahalanobis on normalised f", i -> mahaN.score(test.f[i]));
        for (int rep = 0; rep < 2; rep++) {
            for (var e : f.entrySet()) {
                long t0 = System.nanoTime();
                double s = 0;
                for (int p = 0; p < 5; p++) for (int i = 0; i < test.n; i++) s += e.getValue().applyAsDouble(i);
                sink = s;
                double us = (System.nanoTime() - t0) / 1e3 / (5.0 * test.n);
                if (rep == 1) System.out.printf(Locale.ROOT, "- %s: %.2f us/image%n", e.getKey(), us);
            }
        }
    }
}
