"""``python -m storyline``: the same command line as the ``storyline`` script."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="storyline")
