// Stage 1 of the issue #12 study: builds every image set (ID splits, the three evaluated OOD sets,
// and the synthetic generalisation sets), runs the committed IsoMax+ model once over each, and
// writes per set: <name>.u8 (raw 28x28 uint8 pixels) and <name>.f32 (per image: 128 penultimate
// features f, i.e. the output of every SequentialBlock child except the IsoMaxPlusBlock, then the
// 10 logits of the IsoMaxPlusBlock applied to f), plus train/val/test labels.
// Run: java -Dai.djl.offline=true -cp "flink-job/target/classes:flink-job/target/lib/*" Extract.java
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
import org.oodmonitor.inference.data.*;
import org.oodmonitor.inference.model.*;
import org.oodmonitor.training.data.Split;

public class Extract {
    static final Path MODEL = Path.of(System.getProperty("ood.root", ".") + "/models/fashion-mnist-isomax");
    static final Path DATA = Path.of(System.getProperty("ood.root", "."), "data");
    static final Path OUT = Path.of(System.getProperty("ood.root", "."), "data", "detector-study");
    static final int S = 28, P = 784, D = 128, C = 10, BATCH = 256;

    public static void main(String[] a) throws Exception {
        Files.createDirectories(OUT);
        ModelManifest manifest = ModelArtifact.readVerified(MODEL);
        ImageSet trainAll = IdxFiles.readImages(DATA.resolve("fashion-mnist/train-images-idx3-ubyte.gz"),
                DATA.resolve("fashion-mnist/train-labels-idx1-ubyte.gz"));
        ImageSet test = IdxFiles.readImages(DATA.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"),
                DATA.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        var tr = manifest.training();
        Split split = Split.of(tr.trainCount() + tr.validationCount(), tr.validationCount(), tr.seed());
        ImageSet train = trainAll.select(split.train(), "train");
        ImageSet val = trainAll.select(split.validation(), "val");
        ImageSet mnist = MnistDigitsJson.read(DATA.resolve("mnist-digits"));
        // same generator and seed as the evaluate command (DataSources.NOISE_SEED = 7)
        ImageSet uni = NoiseImages.uniform(10000, S, S, 7);
        ImageSet gau = NoiseImages.gaussian(10000, S, S, 7);

        LinkedHashMap<String, byte[]> sets = new LinkedHashMap<>();
        sets.put("train", train.pixels());
        sets.put("val", val.pixels());
        sets.put("test", test.pixels());
        sets.put("mnist", mnist.pixels());
        sets.put("uniform", uni.pixels());
        sets.put("gaussian", gau.pixels());
        Gen.all(test.pixels(), sets);
        writeInts(OUT.resolve("train.labels"), train.labels());
        writeInts(OUT.resolve("val.labels"), val.labels());
        writeInts(OUT.resolve("test.labels"), test.labels());

        // Sanity: logits of the split forward equal OodModel's on 256 test images.
        float[][] ref;
        try (OodModel om = OodModel.load(MODEL)) {
            ref = om.logitsOfImages(test.pixels(), 0, 256);
        }
        try (Model model = ModelArtifact.loadModel(MODEL, manifest)) {
            SequentialBlock net = (SequentialBlock) model.getBlock();
            List<Block> children = new ArrayList<>();
            for (Pair<String, Block> p : net.getChildren()) children.add(p.getValue());
            System.out.println("children: " + children.size() + ", last = " + children.get(children.size() - 1));
            InputSpec in = manifest.input();
            float[] chk = run(model, children, in, test.pixels(), 0, 256)[1];
            double maxDiff = 0;
            for (int i = 0; i < 256; i++) for (int c = 0; c < C; c++) maxDiff = Math.max(maxDiff, Math.abs(chk[i * C + c] - ref[i][c]));
            System.out.println("max |logit diff| vs OodModel on 256 test images: " + maxDiff);

            for (var e : sets.entrySet()) {
                byte[] px = e.getValue();
                int n = px.length / P;
                long t0 = System.nanoTime();
                ByteBuffer buf = ByteBuffer.allocate(n * (D + C) * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int from = 0; from < n; from += BATCH) {
                    int cnt = Math.min(BATCH, n - from);
                    float[][] r = run(model, children, in, px, from, cnt);
                    for (int i = 0; i < cnt; i++) {
                        for (int d = 0; d < D; d++) buf.putFloat(r[0][i * D + d]);
                        for (int c = 0; c < C; c++) buf.putFloat(r[1][i * C + c]);
                    }
                }
                Files.write(OUT.resolve(e.getKey() + ".f32"), buf.array());
                Files.write(OUT.resolve(e.getKey() + ".u8"), px);
                System.out.printf(Locale.ROOT, "%-14s %6d images  %.1f s (%.3f ms/image incl. preprocessing)%n",
                        e.getKey(), n, (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t0) / 1e6 / n);
            }
        }
    }

    /** [0]: features (cnt*D), [1]: logits (cnt*C). */
    static float[][] run(Model model, List<Block> children, InputSpec in, byte[] px, int from, int cnt) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(in.normalize(px, from * P, cnt), new Shape(cnt, 1, S, S));
            NDList cur = new NDList(x);
            for (int k = 0; k < children.size() - 1; k++) cur = children.get(k).forward(ps, cur, false);
            float[] f = cur.singletonOrThrow().toFloatArray();
            float[] logits = children.get(children.size() - 1).forward(ps, cur, false).singletonOrThrow().toFloatArray();
            return new float[][] {f, logits};
        }
    }

    static void writeInts(Path p, int[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        Files.write(p, b.array());
    }

    /** Synthetic generalisation OOD sets, seeded; never used to choose anything. */
    static final class Gen {
        static int cl(double v) { return (int) Math.max(0, Math.min(255, Math.round(v))); }

        static void all(byte[] test, Map<String, byte[]> sets) {
            int n = test.length / P;
            int N = 10000;
            // inverted Fashion test images
            byte[] inv = new byte[test.length];
            for (int i = 0; i < test.length; i++) inv[i] = (byte) (255 - (test[i] & 0xff));
            sets.put("g_inverted", inv);
            // constant images, level uniform 0..255
            Random r = new Random(101);
            byte[] cst = new byte[N * P];
            for (int k = 0; k < N; k++) { byte v = (byte) r.nextInt(256); Arrays.fill(cst, k * P, (k + 1) * P, v); }
            sets.put("g_constant", cst);
            // blurred (low-frequency) Gaussian noise: white noise, Gaussian blur sigma U[1,3], rescaled to N(128, 64^2), clipped
            r = new Random(102);
            byte[] bl = new byte[N * P];
            for (int k = 0; k < N; k++) {
                double[] z = new double[P];
                for (int i = 0; i < P; i++) z[i] = r.nextGaussian();
                z = blur(z, 1 + 2 * r.nextDouble());
                double mu = 0, sd = 0;
                for (double v : z) mu += v;
                mu /= P;
                for (double v : z) sd += (v - mu) * (v - mu);
                sd = Math.sqrt(sd / P);
                for (int i = 0; i < P; i++) bl[k * P + i] = (byte) cl(128 + 64 * (z[i] - mu) / sd);
            }
            sets.put("g_blurnoise", bl);
            // salt and pepper: 10% of the pixels of each test image set to 0 or 255
            r = new Random(103);
            byte[] sp = test.clone();
            for (int i = 0; i < sp.length; i++) if (r.nextDouble() < 0.10) sp[i] = (byte) (r.nextBoolean() ? 255 : 0);
            sets.put("g_saltpepper", sp);
            // random rectangles and lines on black: 1-3 filled rectangles, 1-3 lines, gray 80..255
            r = new Random(104);
            byte[] rl = new byte[N * P];
            for (int k = 0; k < N; k++) {
                int nr = 1 + r.nextInt(3), nl = 1 + r.nextInt(3);
                for (int q = 0; q < nr; q++) {
                    int x0 = r.nextInt(24), y0 = r.nextInt(24), w = 3 + r.nextInt(18), h = 3 + r.nextInt(18);
                    byte g = (byte) (80 + r.nextInt(176));
                    for (int y = y0; y < Math.min(S, y0 + h); y++) for (int x = x0; x < Math.min(S, x0 + w); x++) rl[k * P + y * S + x] = g;
                }
                for (int q = 0; q < nl; q++) {
                    double x0 = r.nextDouble() * 27, y0 = r.nextDouble() * 27, x1 = r.nextDouble() * 27, y1 = r.nextDouble() * 27;
                    int th = 1 + r.nextInt(2);
                    byte g = (byte) (80 + r.nextInt(176));
                    for (int s = 0; s <= 60; s++) {
                        int x = (int) Math.round(x0 + (x1 - x0) * s / 60.0), y = (int) Math.round(y0 + (y1 - y0) * s / 60.0);
                        for (int dy = 0; dy < th; dy++) for (int dx = 0; dx < th; dx++) {
                            int xx = Math.min(S - 1, x + dx), yy = Math.min(S - 1, y + dy);
                            rl[k * P + yy * S + xx] = g;
                        }
                    }
                }
            }
            sets.put("g_rectlines", rl);
            // checkerboards: square size 1..7, two levels at least 64 apart
            r = new Random(105);
            byte[] cb = new byte[N * P];
            for (int k = 0; k < N; k++) {
                int sq = 1 + r.nextInt(7), g1, g2;
                do { g1 = r.nextInt(256); g2 = r.nextInt(256); } while (Math.abs(g1 - g2) < 64);
                for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) cb[k * P + y * S + x] = (byte) ((((x / sq) + (y / sq)) & 1) == 0 ? g1 : g2);
            }
            sets.put("g_checker", cb);
            // Fashion test images shifted by 6..10 px in x and y (random signs), zero fill
            r = new Random(106);
            byte[] sh = new byte[test.length];
            for (int k = 0; k < n; k++) {
                int dx = (6 + r.nextInt(5)) * (r.nextBoolean() ? 1 : -1), dy = (6 + r.nextInt(5)) * (r.nextBoolean() ? 1 : -1);
                for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
                    int sx = x - dx, sy = y - dy;
                    if (sx >= 0 && sx < S && sy >= 0 && sy < S) sh[k * P + y * S + x] = test[k * P + sy * S + sx];
                }
            }
            sets.put("g_shifted", sh);
            // Fashion test images rotated 90 degrees clockwise
            byte[] rot = new byte[test.length];
            for (int k = 0; k < n; k++) for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) rot[k * P + y * S + x] = test[k * P + (S - 1 - x) * S + y];
            sets.put("g_rot90", rot);
            // low-amplitude uniform noise: pixels uniform in 0..A, A uniform in 16..64 per image
            r = new Random(107);
            byte[] lo = new byte[N * P];
            for (int k = 0; k < N; k++) { int A = 16 + r.nextInt(49); for (int i = 0; i < P; i++) lo[k * P + i] = (byte) r.nextInt(A + 1); }
            sets.put("g_lowuniform", lo);
            // Gaussian noise with random mean U[30,220] and std U[10,80] per image
            r = new Random(108);
            byte[] gr = new byte[N * P];
            for (int k = 0; k < N; k++) { double mu = 30 + 190 * r.nextDouble(), sd = 10 + 70 * r.nextDouble(); for (int i = 0; i < P; i++) gr[k * P + i] = (byte) cl(mu + sd * r.nextGaussian()); }
            sets.put("g_randgauss", gr);
            // Fashion test images plus Gaussian pixel noise sigma 40 (corrupted ID)
            r = new Random(109);
            byte[] fn = new byte[test.length];
            for (int i = 0; i < test.length; i++) fn[i] = (byte) cl((test[i] & 0xff) + 40 * r.nextGaussian());
            sets.put("g_fashionnoise", fn);
            // horizontally flipped Fashion test images: NEAR-ID control, a good detector stays near AUROC 0.5
            byte[] hf = new byte[test.length];
            for (int k = 0; k < n; k++) for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) hf[k * P + y * S + x] = test[k * P + y * S + (S - 1 - x)];
            sets.put("c_hflip", hf);
            // ID-like robustness transforms of the test images (a good detector flags few of them):
            // JPEG (ImageIO, quality 0.95 and 0.75) decoded by the serving ImageDecoder, +10 gray levels, x0.85 contrast
            sets.put("r_jpeg95", jpeg(test, 0.95f));
            sets.put("r_jpeg75", jpeg(test, 0.75f));
            byte[] br = new byte[test.length], dm = new byte[test.length];
            for (int i = 0; i < test.length; i++) { br[i] = (byte) cl((test[i] & 0xff) + 10); dm[i] = (byte) cl((test[i] & 0xff) * 0.85); }
            sets.put("r_bright10", br);
            sets.put("r_dim085", dm);
        }

        static byte[] jpeg(byte[] test, float q) {
            try {
                int n = test.length / P;
                byte[] out = new byte[test.length];
                javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
                javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(q);
                for (int k = 0; k < n; k++) {
                    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(S, S, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                    img.getRaster().setDataElements(0, 0, S, S, Arrays.copyOfRange(test, k * P, (k + 1) * P));
                    ByteArrayOutputStream bo = new ByteArrayOutputStream();
                    try (javax.imageio.stream.ImageOutputStream st = javax.imageio.ImageIO.createImageOutputStream(bo)) {
                        writer.setOutput(st);
                        writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
                    }
                    byte[] g = org.oodmonitor.inference.preprocess.ImageDecoder.decode(bo.toByteArray(), "jpeg", S, S);
                    System.arraycopy(g, 0, out, k * P, P);
                }
                writer.dispose();
                return out;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        static double[] blur(double[] z, double sigma) {
            int rad = (int) Math.ceil(3 * sigma);
            double[] k = new double[2 * rad + 1];
            double s = 0;
            for (int i = -rad; i <= rad; i++) { k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma)); s += k[i + rad]; }
            for (int i = 0; i < k.length; i++) k[i] /= s;
            double[] t = new double[P], o = new double[P];
            for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) { int xx = Math.floorMod(x + i, S); v += k[i + rad] * z[y * S + xx]; }
                t[y * S + x] = v;
            }
            for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) { int yy = Math.floorMod(y + i, S); v += k[i + rad] * t[yy * S + x]; }
                o[y * S + x] = v;
            }
            return o;
        }
    }
}
