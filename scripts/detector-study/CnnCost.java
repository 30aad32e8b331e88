// Per-image cost of the CNN forward pass through OodModel (DJL PyTorch CPU), by batch size.
import java.nio.file.*; import java.util.*;
import org.oodmonitor.inference.model.OodModel;
public class CnnCost { public static void main(String[] a) throws Exception {
  byte[] px = Files.readAllBytes(Path.of(System.getProperty("ood.root", "."), "data", "detector-study", "test.u8"));
  try (OodModel m = OodModel.load(Path.of(System.getProperty("ood.root", ".") + "/models/fashion-mnist-isomax"))) {
    for (int rep = 0; rep < 2; rep++) for (int b : new int[]{1, 8, 32, 256}) {
      int imgs = b == 1 ? 1000 : 4096; long t0 = System.nanoTime();
      for (int i = 0; i < imgs; i += b) m.logitsOfImages(px, i % 9000, b);
      if (rep == 1) System.out.printf(Locale.ROOT, "batch %3d: %.1f us/image%n", b, (System.nanoTime() - t0) / 1e3 / imgs);
    }
  }}}
