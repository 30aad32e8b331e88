package org.oodmonitor.job.scoring;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.training.model.InputSpec;
import org.oodmonitor.training.model.ModelManifest;

/** Turns an event into the model-ready input its model's manifest asks for. */
public final class ModelInputs {

    private ModelInputs() {}

    /**
     * Decodes, checks and normalises the event for {@code manifest}'s input.
     *
     * @throws InputException with {@code CORRUPT_IMAGE}, {@code WRONG_SHAPE} or {@code
     *     WRONG_DIMENSION} and a message naming the model
     */
    public static float[] of(MonitorEvent event, ModelManifest manifest) throws InputException {
        InputSpec input = manifest.input();
        if (event.isImage()) {
            if (!input.isImage()) {
                throw new InputException(
                        ErrorCode.WRONG_SHAPE,
                        "model "
                                + manifest.name()
                                + " takes vectors of dimension "
                                + input.dimension()
                                + ", got an image");
            }
            byte[] gray = grayscale(event, input, manifest.name());
            return input.normalize(gray, 0, 1);
        }
        if (input.isImage()) {
            throw new InputException(
                    ErrorCode.WRONG_DIMENSION,
                    "model "
                            + manifest.name()
                            + " takes "
                            + input.height()
                            + "x"
                            + input.width()
                            + " images, got a vector");
        }
        if (event.features().length != input.dimension()) {
            throw new InputException(
                    ErrorCode.WRONG_DIMENSION,
                    "vector has "
                            + event.features().length
                            + " values, model "
                            + manifest.name()
                            + " expects "
                            + input.dimension());
        }
        return event.features().clone();
    }

    private static byte[] grayscale(MonitorEvent event, InputSpec input, String model)
            throws InputException {
        int h;
        int w;
        byte[] gray;
        if ("raw".equals(event.imageEncoding())) {
            h = event.height();
            w = event.width();
            int c = event.channels();
            byte[] data = event.imageData();
            gray = new byte[h * w];
            for (int i = 0; i < h * w; i++) {
                gray[i] =
                        c == 1
                                ? data[i]
                                : luminance(
                                        data[3 * i] & 0xff,
                                        data[3 * i + 1] & 0xff,
                                        data[3 * i + 2] & 0xff);
            }
        } else {
            BufferedImage image;
            try {
                image = ImageIO.read(new ByteArrayInputStream(event.imageData()));
            } catch (IOException | RuntimeException e) {
                throw new InputException(
                        ErrorCode.CORRUPT_IMAGE,
                        "image bytes do not decode as "
                                + event.imageEncoding()
                                + ": "
                                + e.getMessage());
            }
            if (image == null) {
                throw new InputException(
                        ErrorCode.CORRUPT_IMAGE,
                        "image bytes do not decode as " + event.imageEncoding());
            }
            h = image.getHeight();
            w = image.getWidth();
            gray = new byte[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    gray[y * w + x] = luminance((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
                }
            }
        }
        if (h != input.height() || w != input.width()) {
            throw new InputException(
                    ErrorCode.WRONG_SHAPE,
                    "image is "
                            + h
                            + "x"
                            + w
                            + ", model "
                            + model
                            + " expects "
                            + input.height()
                            + "x"
                            + input.width());
        }
        return gray;
    }

    private static byte luminance(int r, int g, int b) {
        return (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
