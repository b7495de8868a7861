from cxm.cli.app import main

main()
