package org.oodmonitor.inference.preprocess;

import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.Preprocessing;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The one path from an input as it arrives (encoded image, raw pixels or a vector) to the model's
 * input values, used by evaluation and by the streaming job alike, so that what is evaluated is
 * exactly what is served.
 *
 * <p>For a model whose input names its {@link Preprocessing} (an imported network), an image of any
 * size and colour becomes the model's input as torchvision's transforms make it ({@link
 * TorchvisionTransform}). For the others, images are reduced to 8-bit gray levels without any
 * colour-space conversion and must have the model's size (no resizing: a resized image is not what
 * the model was trained on); gray levels are scaled to [0, 1] and normalised with the manifest's
 * mean and standard deviation.
 */
public final class Preprocessor {

    private final InputSpec input;
    private final String model;
    private final TorchvisionTransform transform;
    // The limits of an image at any size: today's decoded-size caps of the job's records.
    private final int maxSide = ValidationLimits.DEFAULT_MAX_IMAGE_SIDE;
    private final long maxDecodedBytes = ValidationLimits.DEFAULT_MAX_IMAGE_BYTES;

    /**
     * @param model the model's name, for messages
     */
    public Preprocessor(InputSpec input, String model) {
        this.input = input;
        this.model = model;
        this.transform =
                input.preprocessing() == null
                        ? null
                        : new TorchvisionTransform(
                                input.preprocessing(),
                                input.height(),
                                input.width(),
                                input.channels(),
                                ValidationLimits.DEFAULT_MAX_IMAGE_BYTES);
    }

    /** Values per example. */
    public int size() {
        return input.size();
    }

    /**
     * The model input of an image.
     *
     * @param encoding {@code raw}, {@code png} or {@code jpeg}
     * @param height rows of a raw image (ignored for encoded ones, whose header says)
     * @param width columns of a raw image
     * @param channels 1 (gray) or 3 (RGB) for a raw image
     * @throws InputException for a model that takes vectors, bytes that do not decode, or a size
     *     that is not the model's
     */
    public float[] image(String encoding, byte[] data, int height, int width, int channels)
            throws InputException {
        return values(modelImage(encoding, data, height, width, channels));
    }

    /**
     * An image as the model sees it before normalisation: for a model with {@link Preprocessing},
     * decoded at any size within the limits, made the model's colour, resized and cropped as
     * torchvision would; else its gray levels at the model's size.
     *
     * @throws InputException as {@link #image}
     */
    public DecodedImage modelImage(
            String encoding, byte[] data, int height, int width, int channels)
            throws InputException {
        if (transform == null) {
            byte[] gray = gray(encoding, data, height, width, channels);
            return new DecodedImage(input.width(), input.height(), 1, gray);
        }
        DecodedImage decoded;
        if ("raw".equals(encoding)) {
            checkRaw(height, width, channels, data);
            checkLimits(height, width);
            decoded = new DecodedImage(width, height, channels, data).as(input.channels());
        } else if ("png".equals(encoding) || "jpeg".equals(encoding)) {
            try {
                decoded =
                        ImageDecoder.decodeAny(
                                data, encoding, input.channels(), maxSide, maxDecodedBytes);
            } catch (InputException e) {
                throw new InputException(e.code(), "model " + model + ": " + e.getMessage());
            }
        } else {
            throw new InputException(
                    ErrorCode.CORRUPT_IMAGE,
                    "unknown image encoding '" + encoding + "'; raw, png or jpeg are served");
        }
        return transform.resizeAndCrop(decoded);
    }

    /** The model input of an image {@link #modelImage} made. */
    public float[] values(DecodedImage image) {
        return transform == null ? normalize(image.pixels()) : transform.normalize(image);
    }

    private static void checkRaw(int height, int width, int channels, byte[] data)
            throws InputException {
        String problem = ImagePayload.rawSizeProblem(height, width, channels, data.length);
        if (problem != null) {
            throw new InputException(ErrorCode.CORRUPT_IMAGE, problem);
        }
    }

    private void checkLimits(int height, int width) throws InputException {
        if (height > maxSide
                || width > maxSide
                || (long) height * width * input.channels() > maxDecodedBytes) {
            throw new InputException(
                    ErrorCode.CORRUPT_IMAGE,
                    "image is "
                            + height
                            + "x"
                            + width
                            + ", over the limits of "
                            + maxSide
                            + " pixels a side and "
                            + maxDecodedBytes
                            + " decoded bytes");
        }
    }

    /** The model input of the model-sized gray image {@code gray}. */
    public float[] normalize(byte[] gray) {
        return input.normalize(gray, 0, 1);
    }

    /**
     * The 8-bit gray levels of an image, row by row, exactly as the model will see them before
     * normalisation.
     *
     * @throws InputException as {@link #image}
     */
    public byte[] gray(String encoding, byte[] data, int height, int width, int channels)
            throws InputException {
        if (!input.isImage()) {
            throw new InputException(
                    ErrorCode.WRONG_SHAPE,
                    "model "
                            + model
                            + " takes vectors of dimension "
                            + input.dimension()
                            + ", got an image");
        }
        byte[] gray;
        if ("raw".equals(encoding)) {
            checkShape(height, width);
            checkRaw(height, width, channels, data);
            gray = rawGray(data, height * width, channels);
        } else if ("png".equals(encoding) || "jpeg".equals(encoding)) {
            try {
                gray = ImageDecoder.decode(data, encoding, input.height(), input.width());
            } catch (InputException e) {
                throw new InputException(e.code(), "model " + model + ": " + e.getMessage());
            }
        } else {
            throw new InputException(
                    ErrorCode.CORRUPT_IMAGE,
                    "unknown image encoding '" + encoding + "'; raw, png or jpeg are served");
        }
        return gray;
    }

    /**
     * The model input of a vector (a copy).
     *
     * @throws InputException for a model that takes images, a wrong length or a value that is not a
     *     finite number
     */
    public float[] vector(float[] features) throws InputException {
        if (input.isImage()) {
            throw new InputException(
                    ErrorCode.WRONG_DIMENSION,
                    "model "
                            + model
                            + " takes "
                            + input.height()
                            + "x"
                            + input.width()
                            + " images, got a vector");
        }
        if (features.length != input.dimension()) {
            throw new InputException(
                    ErrorCode.WRONG_DIMENSION,
                    "vector has "
                            + features.length
                            + " values, model "
                            + model
                            + " expects "
                            + input.dimension());
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new InputException(
                        ErrorCode.SCHEMA_VIOLATION,
                        "feature " + i + " is " + features[i] + ", not a finite number");
            }
        }
        return features.clone();
    }

    /**
     * Model inputs of {@code count} gray images stored one after another from image {@code first},
     * as data sets on disk hold them.
     */
    public float[] grayImages(byte[] pixels, int first, int count) {
        return input.normalize(pixels, first * input.size(), count);
    }

    private void checkShape(int height, int width) throws InputException {
        if (height != input.height() || width != input.width()) {
            throw new InputException(
                    ErrorCode.WRONG_SHAPE,
                    "image is "
                            + height
                            + "x"
                            + width
                            + ", model "
                            + model
                            + " expects "
                            + input.height()
                            + "x"
                            + input.width());
        }
    }

    private static byte[] rawGray(byte[] data, int pixels, int channels) {
        if (channels == 1) {
            return data.length == pixels ? data : java.util.Arrays.copyOf(data, pixels);
        }
        byte[] gray = new byte[pixels];
        for (int i = 0; i < pixels; i++) {
            gray[i] =
                    Pixels.luminance(
                            data[3 * i] & 0xff, data[3 * i + 1] & 0xff, data[3 * i + 2] & 0xff);
        }
        return gray;
    }
}
