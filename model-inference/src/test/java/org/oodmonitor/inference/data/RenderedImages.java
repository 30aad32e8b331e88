package org.oodmonitor.inference.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Gray 28x28 images rendered as the TorchScript example's RGB inputs ({@code
 * scripts/make-torchscript-example.py}): padded by 2 pixels to 32x32 and tinted (red = gray, green
 * = 0.8 gray, blue = 0.6 gray), optionally enlarged, as PNG; and folders of them in torchvision's
 * ImageFolder layout, for tests of imported models.
 */
public final class RenderedImages {

    public static final Path FASHION_TEST =
            Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz");
    public static final Path FASHION_TEST_LABELS =
            Path.of("../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz");
    public static final Path DIGITS = Path.of("../samples/mnist-digits");

    private static final float[] TINT = {1.0f, 0.8f, 0.6f};

    private RenderedImages() {}

    /** Image {@code index} of {@code set} rendered as an RGB PNG of {@code side x side} pixels. */
    public static byte[] png(ImageSet set, int index, int side) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        int size = set.height() * set.width();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int g = set.pixels()[index * size + y * 28 + x] & 0xff;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    rgb = (rgb << 8) | Math.round(g * TINT[c]);
                }
                image.setRGB(x + 2, y + 2, rgb);
            }
        }
        if (side != 32) {
            BufferedImage big = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
            var g = big.createGraphics();
            g.setRenderingHint(
                    java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, side, side, null);
            g.dispose();
            image = big;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The first {@code count} images of the labelled {@code set} as PNGs in {@code root/cNN/}, one
     * folder per class of {@code classes} (sorted {@code c00}, {@code c01}, ... as ImageFolder
     * numbers them).
     */
    public static Path imageFolder(ImageSet set, int count, int classes, Path root)
            throws IOException {
        for (int c = 0; c < classes; c++) {
            Files.createDirectories(root.resolve(String.format("c%02d", c)));
        }
        for (int i = 0; i < count; i++) {
            Files.write(
                    root.resolve(String.format("c%02d/%05d.png", set.labels()[i], i)),
                    png(set, i, 32));
        }
        return root;
    }

    /** The first {@code count} images of {@code set} as PNGs in {@code root}, unlabelled. */
    public static Path folder(ImageSet set, int count, Path root) throws IOException {
        Files.createDirectories(root);
        for (int i = 0; i < count; i++) {
            Files.write(root.resolve(String.format("%05d.png", i)), png(set, i, 32));
        }
        return root;
    }
}
