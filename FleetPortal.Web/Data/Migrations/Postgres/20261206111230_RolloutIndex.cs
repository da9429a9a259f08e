using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RolloutIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deployments_RolloutEventId",
                table: "Deployments",
                column: "RolloutEventId",
                filter: "\"RolloutEventId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deployments_RolloutEventId",
                table: "Deployments");
        }
    }
}
