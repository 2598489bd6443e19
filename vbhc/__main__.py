from vbhc.cli.main import main

main()
