"""Which way up a photo is: cameras store it sideways and say so in EXIF."""

from . import open_image

# EXIF orientations that turn the picture by a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}


def upright_size(file, width, height):
    """The size people see, reading only the header of ``file``."""
    file.seek(0)
    try:
        with open_image(file) as picture:
            orientation = picture.getexif().get(0x0112)
    finally:
        file.seek(0)
    return (height, width) if orientation in QUARTER_TURNS else (width, height)
