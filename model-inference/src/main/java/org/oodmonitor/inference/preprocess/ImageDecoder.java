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
        return read(
                bytes,
                format,
                (h, w) ->
                        h != height || w != width
                                ? new InputException(
                                        ErrorCode.WRONG_SHAPE,
                                        "image is "
                                                + h
                                                + "x"
                                                + w
                                                + ", expected "
                                                + height
                                                + "x"
                                                + width)
                                : null,
                ImageDecoder::gray);
    }

    /**
     * An encoded image of any size within {@code maxSide} and {@code maxBytes} (once decoded to
     * {@code channels}), as PIL opens and converts it: RGB (alpha dropped, palettes looked up) or
     * gray, 8 bits (16-bit samples by their high byte, but a 16-bit gray image's clipped to 255 as
     * PIL converts it).
     *
     * @param format {@code png} or {@code jpeg}, for messages
     * @throws InputException {@code CORRUPT_IMAGE} when the bytes do not decode or the header names
     *     a size over the limits
     */
    public static DecodedImage decodeAny(
            byte[] bytes, String format, int channels, int maxSide, long maxBytes)
            throws InputException {
        return read(
                bytes,
                format,
                (h, w) ->
                        h < 1
                                        || w < 1
                                        || h > maxSide
                                        || w > maxSide
                                        || (long) h * w * channels > maxBytes
                                ? new InputException(
                                        ErrorCode.CORRUPT_IMAGE,
                                        "image is "
                                                + h
                                                + "x"
                                                + w
                                                + ", over the limits of "
                                                + maxSide
                                                + " pixels a side and "
                                                + maxBytes
                                                + " decoded bytes")
                                : null,
                image -> pixels(image).as(channels));
    }

    /** What refuses an image by the size its header states, before any pixel is decoded. */
    private interface SizeCheck {
        InputException refusal(int height, int width);
    }

    /**
     * Decodes {@code bytes} in memory (ImageIO's default stream caches every image in a temporary
     * file) once {@code check} has passed the header's size.
     */
    private static <T> T read(
            byte[] bytes,
            String format,
            SizeCheck check,
            java.util.function.Function<BufferedImage, T> convert)
            throws InputException {
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt(format, "no decoder recognises the bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                InputException refused = check.refusal(reader.getHeight(0), reader.getWidth(0));
                if (refused != null) {
                    throw refused;
                }
                return convert.apply(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The 8-bit pixels of {@code image}: gray for one or two bands, else RGB. */
    static DecodedImage pixels(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            byte[] rgb = new byte[h * w * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = raster.getSample(x, y, 0);
                    int o = (y * w + x) * 3;
                    rgb[o] = (byte) palette.getRed(i);
                    rgb[o + 1] = (byte) palette.getGreen(i);
                    rgb[o + 2] = (byte) palette.getBlue(i);
                }
            }
            return new DecodedImage(w, h, 3, rgb);
        }
        int bands = raster.getNumBands();
        int shift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
        // PIL opens a 16-bit gray PNG as 32-bit integers ("I") and converts them by clipping to
        // 255, where it takes the high byte of 16-bit RGB or gray with alpha: do as it does.
        boolean clip = bands == 1 && shift > 0;
        int channels = bands < 3 ? 1 : 3;
        byte[] out = new byte[h * w * channels];
        int[] pixel = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, pixel);
                for (int c = 0; c < channels; c++) {
                    out[(y * w + x) * channels + c] =
                            (byte) (clip ? Math.min(pixel[c], 255) : pixel[c] >> shift);
                }
            }
        }
        return new DecodedImage(w, h, channels, out);
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
