from cleaner.cli import run

run()
