using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FleetPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RolloutsList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Rollouts",
                table: "AuditEvents",
                column: "Id",
                filter: "\"Action\" = 'rollout.created'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Rollouts",
                table: "AuditEvents");
        }
    }
}
