package org.oodmonitor.inference.preprocess;

import org.oodmonitor.inference.model.Preprocessing;

/**
 * A model's {@link Preprocessing} applied as torchvision applies {@code Resize}, {@code
 * CenterCrop}, {@code ToTensor} and {@code Normalize} to a PIL image: the output size of the
 * shorter side's resize, PIL's resampling ({@link PilResample}), the crop's offsets rounded half to
 * even as Python's {@code round}, zero padding where the image is smaller than the crop, values
 * divided by 255 and normalised in float32, channels first.
 */
final class TorchvisionTransform {

    private final Preprocessing steps;
    private final int height;
    private final int width;
    private final int channels;
    private final long maxBytes;

    /**
     * @param maxBytes the most bytes a resized image may hold: a thin image's shorter side resized
     *     up would otherwise make one record cost gigabytes
     */
    TorchvisionTransform(Preprocessing steps, int height, int width, int channels, long maxBytes) {
        this.steps = steps;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.maxBytes = maxBytes;
    }

    /** {@code image}, already in the model's channels, resized and cropped to the model's size. */
    DecodedImage resizeAndCrop(DecodedImage image) throws InputException {
        DecodedImage resized = steps.resize() == null ? image : resize(image, steps.resize());
        DecodedImage cropped = steps.crop() == null ? resized : centerCrop(resized);
        if (cropped.height() != height || cropped.width() != width) {
            throw new IllegalStateException(
                    "preprocessing made a "
                            + cropped.height()
                            + "x"
                            + cropped.width()
                            + " image of a model that takes "
                            + height
                            + "x"
                            + width);
        }
        return cropped;
    }

    /** torchvision's {@code Resize(size)} of the shorter side. */
    private DecodedImage resize(DecodedImage image, int size) throws InputException {
        int w = image.width();
        int h = image.height();
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        long resizedLong = (long) ((double) size * longSide / shortSide);
        if (resizedLong * size * image.channels() > maxBytes) {
            throw new InputException(
                    org.oodmonitor.schemas.ErrorCode.CORRUPT_IMAGE,
                    "image is "
                            + h
                            + "x"
                            + w
                            + ": resized to "
                            + size
                            + " on its shorter side it would hold more than "
                            + maxBytes
                            + " bytes");
        }
        int newLong = (int) resizedLong;
        int newW = w <= h ? size : newLong;
        int newH = w <= h ? newLong : size;
        if (newW == w && newH == h) {
            return image;
        }
        PilResample.Filter filter =
                Preprocessing.BICUBIC.equals(steps.interpolation())
                        ? PilResample.Filter.BICUBIC
                        : PilResample.Filter.BILINEAR;
        return new DecodedImage(
                newW,
                newH,
                image.channels(),
                PilResample.resize(image.pixels(), w, h, image.channels(), newW, newH, filter));
    }

    /** torchvision's {@code CenterCrop}: pads with zeros first where the image is smaller. */
    private DecodedImage centerCrop(DecodedImage image) {
        int cropH = steps.crop().get(0);
        int cropW = steps.crop().get(1);
        if (cropW > image.width() || cropH > image.height()) {
            int left = cropW > image.width() ? (cropW - image.width()) / 2 : 0;
            int top = cropH > image.height() ? (cropH - image.height()) / 2 : 0;
            int right = cropW > image.width() ? (cropW - image.width() + 1) / 2 : 0;
            int bottom = cropH > image.height() ? (cropH - image.height() + 1) / 2 : 0;
            image = pad(image, left, top, right, bottom);
            if (cropW == image.width() && cropH == image.height()) {
                return image;
            }
        }
        int top = (int) Math.rint((image.height() - cropH) / 2.0);
        int left = (int) Math.rint((image.width() - cropW) / 2.0);
        int c = image.channels();
        byte[] out = new byte[cropH * cropW * c];
        for (int y = 0; y < cropH; y++) {
            System.arraycopy(
                    image.pixels(),
                    ((top + y) * image.width() + left) * c,
                    out,
                    y * cropW * c,
                    cropW * c);
        }
        return new DecodedImage(cropW, cropH, c, out);
    }

    private static DecodedImage pad(DecodedImage image, int left, int top, int right, int bottom) {
        int w = image.width() + left + right;
        int h = image.height() + top + bottom;
        int c = image.channels();
        byte[] out = new byte[w * h * c];
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(
                    image.pixels(),
                    y * image.width() * c,
                    out,
                    ((top + y) * w + left) * c,
                    image.width() * c);
        }
        return new DecodedImage(w, h, c, out);
    }

    /** {@code ToTensor} then {@code Normalize}: channels first, in the manifest's order. */
    float[] normalize(DecodedImage image) {
        int n = height * width;
        float[] out = new float[channels * n];
        boolean bgr = channels == 3 && Preprocessing.BGR.equals(steps.channelOrder());
        for (int c = 0; c < channels; c++) {
            int source = bgr ? 2 - c : c;
            float mean = steps.mean().get(c);
            float std = steps.std().get(c);
            for (int i = 0; i < n; i++) {
                float value = (image.pixels()[i * channels + source] & 0xff) / 255f;
                out[c * n + i] = (value - mean) / std;
            }
        }
        return out;
    }
}
