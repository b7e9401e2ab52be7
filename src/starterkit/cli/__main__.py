from starterkit.cli import main

main()
