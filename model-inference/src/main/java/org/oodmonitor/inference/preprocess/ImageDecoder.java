package org.oodmonitor.inference.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Decodes PNG and JPEG bytes into 8-bit grayscale pixels exactly as stored, without the colour
 * space conversion of {@link BufferedImage#getRGB}, which would turn linear gray 64 into 137.
 *
 * <p>The header's size is checked before any pixel is decoded, so a decompression bomb (a small
 * file that claims a huge image) costs nothing.
 */
public final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * The gray pixels of an encoded image that must be {@code height x width}, row by row.
     *
     * @param format {@code png} or {@code jpeg}, for messages
     * @throws InputException {@code CORRUPT_IMAGE} when the bytes do not decode, {@code
     *     WRONG_SHAPE} when the header names another size
     */
    public static byte[] decode(byte[] bytes, String format, int height, int width)
            throws InputException {
        // In memory: ImageIO's default stream caches every image in a temporary file.
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt(format, "no decoder recognises the bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int h = reader.getHeight(0);
                int w = reader.getWidth(0);
                if (h != height || w != width) {
                    throw new InputException(
                            ErrorCode.WRONG_SHAPE,
                            "image is " + h + "x" + w + ", expected " + height + "x" + width);
                }
                return gray(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Gray levels of {@code image}: the first band of a gray image, else the luminance. */
    static byte[] gray(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int bits = image.getColorModel().getComponentSize(0);
        byte[] out = new byte[h * w];
        if (image.getColorModel() instanceof IndexColorModel palette) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = raster.getSample(x, y, 0);
                    out[y * w + x] =
                            Pixels.luminance(
                                    palette.getRed(i), palette.getGreen(i), palette.getBlue(i));
                }
            }
            return out;
        }
        int shift = Math.max(0, bits - 8);
        int[] pixel = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, pixel);
                out[y * w + x] =
                        bands < 3
                                ? (byte) (pixel[0] >> shift)
                                : Pixels.luminance(
                                        pixel[0] >> shift, pixel[1] >> shift, pixel[2] >> shift);
            }
        }
        return out;
    }

    private static InputException corrupt(String format, String why) {
        return new InputException(
                ErrorCode.CORRUPT_IMAGE, "image bytes do not decode as " + format + ": " + why);
    }
}
